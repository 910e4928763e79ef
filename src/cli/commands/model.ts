// validate, scenarios, schema: the commands over the scenario model.
import type { Command } from "commander";
import { formatProblem, scenarioJsonSchema, type Scenario } from "../../model/index.js";
import { bold, green, printJson, red, UserError } from "../output.js";
import { builtinNames, DEFAULT_SCENARIO, readScenario } from "../scenario-file.js";

export function registerModelCommands(program: Command): void {
  program
    .command("validate")
    .description("check a scenario; print a summary, or every problem as FILE:LINE:COL: path: message")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--json", "print the result as JSON")
    .action((arg: string, opts: { json?: boolean }) => {
      const { file, result } = readScenario(arg);
      if (opts.json) {
        printJson(result.ok ? { file, valid: true, summary: summarize(result.scenario) } : { file, valid: false, problems: result.problems });
        if (!result.ok) process.exitCode = 1;
        return;
      }
      if (!result.ok) {
        const count = red(`${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}`);
        throw new UserError(`${result.problems.map((p) => formatProblem(file, p)).join("\n")}\n${count} in ${file}`, { listed: true });
      }
      const s = summarize(result.scenario);
      const countries = Object.entries(s.sitesByCountry).map(([c, n]) => `${c} ${n}`).join(", ");
      process.stdout.write(
        `${green("valid")} ${bold(file)}: ${s.title}; ${s.horizon}; ${s.sites} sites (${countries}); ${s.items} items; ` +
          `${s.resources} resources; ${s.operations} operations; ${s.lanes} lanes; ${s.sources} sources; ` +
          `targets: ${s.targets.length ? s.targets.join("; ") : "none"}\n`,
      );
    });

  program
    .command("scenarios")
    .description("list the built-in scenarios")
    .option("--json", "print as JSON")
    .action((opts: { json?: boolean }) => {
      const list = builtinNames().map((name) => {
        const { result } = readScenario(name);
        return { name, title: result.ok ? result.scenario.title : "(invalid)", valid: result.ok };
      });
      if (opts.json) return printJson(list);
      const width = Math.max(...list.map((x) => x.name.length));
      for (const x of list) process.stdout.write(`${x.name.padEnd(width)}  ${x.title}${x.name === DEFAULT_SCENARIO ? " (default)" : ""}\n`);
    });

  program
    .command("schema")
    .description("print the JSON Schema of scenario files (for editor autocompletion)")
    .action(() => printJson(scenarioJsonSchema()));
}

export function summarize(s: Scenario) {
  const sitesByCountry: Record<string, number> = {};
  for (const site of s.sites) sitesByCountry[site.country] = (sitesByCountry[site.country] ?? 0) + 1;
  return {
    name: s.name,
    title: s.title,
    horizon: `${s.horizon.start} + ${s.horizon.periods} ${s.horizon.bucket}s`,
    sites: s.sites.length,
    sitesByCountry,
    items: s.items.length,
    resources: s.resources.length,
    operations: s.operations.length,
    lanes: s.lanes.length,
    sources: s.sources.length,
    targets: s.targets.map((t) => `${t.description} (${t.id})`),
  };
}
