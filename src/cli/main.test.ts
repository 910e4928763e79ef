// --help lists stand-ins built from main.ts's one-line summaries (so it loads no engine): they must
// read exactly as the commands themselves do.
import { describe, expect, it } from "vitest";
import { buildProgram } from "./main.js";

describe("help without loading the engines", () => {
  it("lists every command as the loaded commands do", async () => {
    const argv = ["node", "waferline", "--help"];
    const light = await buildProgram(argv);
    const full = await buildProgram(argv, true);
    expect(light.helpInformation()).toBe(full.helpInformation());
    expect(light.commands.map((c) => c.name())).toEqual(full.commands.map((c) => c.name()));
  });

  it("loads only the group of the command named", async () => {
    const program = await buildProgram(["node", "waferline", "validate"]);
    expect(program.commands.map((c) => c.name())).toEqual(["validate", "scenarios", "schema"]);
  });

  it("gives `help <command>` that command's own help", async () => {
    const program = await buildProgram(["node", "waferline", "help", "run"]);
    expect(program.commands.map((c) => c.name())).toEqual(["run"]);
  });
});
