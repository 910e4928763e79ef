// Adapter: `--event NAME|FILE` (repeatable) and `--foresight`, shared by plan, simulate, stress and run.
// A NAME is an entry of the scenario's `events:` library; a FILE holds one event or `events: [...]`,
// checked against the scenario with every problem as FILE:LINE:COL.
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { formatProblem, inForce, loadEventsText, type Scenario, type ScenarioEvent, suggest } from "../model/index.js";
import { UserError } from "./output.js";

export { foresightOf } from "../model/index.js";

const collect = (value: string, previous: string[]) => [...previous, value];

/** Adds --event and --foresight to a command. */
export function eventOptions(command: Command): Command {
  return command
    .option("--event <name|file>", "apply a dated event: a name from the scenario's `events:` library (see `waferline events`) or a YAML file; repeatable", collect, [])
    .option("--foresight", "events are known in advance (default: a surprise, re-planned from the event's start with the stock as it stands; or as the scenario's whatIf.foresight says)")
    .option("--no-foresight", "events come as a surprise, whatever the scenario's whatIf.foresight says");
}

/** The scenario's own `whatIf.events` (every run of it applies them), then those given; a name among them given again applies once. */
export function resolveEvents(scenario: Scenario, args: readonly string[]): ScenarioEvent[] {
  const stated = inForce(scenario);
  const out: ScenarioEvent[] = [...stated];
  for (const arg of args) {
    if (stated.some((e) => e.id === arg)) continue;
    const named = scenario.events.find((e) => e.id === arg);
    if (named) {
      out.push(named);
      continue;
    }
    if (!existsSync(arg)) {
      const near = suggest(arg, scenario.events.map((e) => e.id));
      const known = scenario.events.map((e) => e.id).join(", ") || "none";
      throw new UserError(`--event ${arg}: no event of that name in ${scenario.name}${near ? ` (did you mean '${near}'?)` : ""} and no such file (events: ${known})`);
    }
    let text: string;
    try {
      text = readFileSync(arg, "utf8");
    } catch (err) {
      throw new UserError(`--event ${arg}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
    }
    const r = loadEventsText(text, scenario);
    if (!r.ok) throw new UserError(r.problems.map((p) => formatProblem(arg, p)).join("\n"), { listed: true });
    out.push(...r.events);
  }
  const seen = new Set<string>();
  for (const e of out) {
    if (seen.has(e.id)) throw new UserError(`--event ${e.id} is given twice`);
    seen.add(e.id);
  }
  return out;
}
