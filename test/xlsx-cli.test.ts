// export-scenario / import-scenario through the built CLI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadScenarioText } from "../src/model/index.js";

const root = new URL("..", import.meta.url).pathname;
let dir = "";
const cli = (...args: string[]) => spawnSync("node", [join(root, "bin/waferline.js"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

beforeAll(() => {
  expect(existsSync(join(root, "dist/cli/commands/excel.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "waferline-xlsx-cli-"));
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("export-scenario then import-scenario prints YAML that loads to the same scenario", () => {
  const file = join(dir, "tutorial.xlsx");
  const out = cli("export-scenario", "tutorial", "--xlsx", file);
  expect(out.status, out.stderr).toBe(0);
  // 25 of the scenario (events and expansions included), and its comments.
  expect(out.stdout).toBe(`wrote ${file}: 26 sheets from scenarios/tutorial.yaml\n`);
  const back = cli("import-scenario", file);
  expect(back.status, back.stderr).toBe(0);
  expect(back.stderr).toBe("");
  const again = loadScenarioText(back.stdout);
  const original = loadScenarioText(readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8"));
  expect(again.ok && again.scenario).toEqual(original.ok && original.scenario);
});

test("a broken workbook: every problem on stderr as FILE:Sheet!Cell, nothing on stdout, exit 1", async () => {
  const file = join(dir, "plan.xlsx");
  expect(cli("export-scenario", "tutorial", "--xlsx", file).status).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet("sites")!.getCell("E3").value = "north"; // lat
  wb.getWorksheet("lanes")!.getCell("B2").value = "fab-xx"; // from
  await wb.xlsx.writeFile(file);
  const r = spawnSync("node", [join(root, "bin/waferline.js"), "import-scenario", "plan.xlsx"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines[0]).toBe("plan.xlsx:sites!E3: lat: expected number, got 'north'");
  expect(lines[1]).toMatch(/^plan\.xlsx:lanes!B2: from: .*fab-xx/);
  expect(lines.at(-1)).toBe(`${lines.length - 1} problems in plan.xlsx`);
});

test("not a workbook, or no such file: exit 1 with the reason", () => {
  const notXlsx = join(dir, "x.xlsx");
  writeFileSync(notXlsx, "hello");
  const a = cli("import-scenario", notXlsx);
  expect(a.status).toBe(1);
  expect(a.stderr).toContain("cannot read as an .xlsx workbook");
  const b = cli("import-scenario", join(dir, "missing.xlsx"));
  expect(b.status).toBe(1);
  expect(b.stderr).toContain("no such file");
  expect(cli("export-scenario", "tutorial").status).toBe(2); // --xlsx is required
});
