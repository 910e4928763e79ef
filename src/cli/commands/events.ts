// events: the scenario's library of dated events (what `--event NAME` can apply).
import type { Command } from "commander";
import { eventSummaries, foresightOf } from "../../model/index.js";
import { bold, dim, printJson, table } from "../output.js";
import { DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

export function registerEventsCommands(program: Command): void {
  program
    .command("events")
    .description("the scenario's library of dated events, for --event on plan, simulate, stress and run")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--json", "print the events as JSON")
    .action((arg: string, opts: { json?: boolean }) => {
      const { file, scenario } = loadNetwork(arg);
      const events = eventSummaries(scenario);
      const foresight = foresightOf(scenario, undefined);
      if (opts.json) return printJson({ scenario: scenario.name, file, events, foresight });
      if (events.length === 0) {
        process.stdout.write(`${scenario.name} has no events. Write one in a file and pass it with --event FILE (docs/events.md).\n`);
        return;
      }
      const when = (e: (typeof events)[number]) => (e.end ? `${e.start}..${e.end}` : `${e.start} +${e.periods}`);
      const cite = (e: (typeof events)[number]) => (e.source ? (Array.isArray(e.source) ? e.source.join(", ") : e.source) : e.assumption ? "assumption" : "");
      process.stdout.write(
        `${bold(`Events of ${scenario.name}`)} ${dim(`(${file}; apply with --event NAME)`)}\n${table(["name", "kind", "when", "source", "what"], events.map((e) => [e.inForce ? `${e.name} *` : e.name, e.kind, when(e), cite(e), e.description ?? ""]))}\n${events.some((e) => e.inForce) ? dim(`* in force in every run of ${scenario.name} (its whatIf.events${foresight ? ", with foresight" : ""})\n`) : ""}`,
      );
    });
}
