// The CLI: parses arguments and calls the public API. No logic of its own lives here.
import { Command, CommanderError, Help } from "commander";
import { EXIT, fileErrorReason, UsageError, UserError } from "./output.js";
import { installSignalHandlers, ownsSignals, stoppingSignal, untilSignalExit } from "./signals.js";

export async function main(argv: string[]): Promise<void> {
  installSignalHandlers();
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // A command stopped by a signal fails with whatever its cancelled work threw: the signal's line and
    // exit code are the outcome, not that error.
    if (!stoppingSignal()) process.exitCode = exitCodeFor(err);
  }
  if (stoppingSignal() && !ownsSignals()) await untilSignalExit();
}

export const VERSION = "0.1.0";

/**
 * The program for these arguments. Only the group of the command being run is imported: the engines
 * behind the others (the report's charts, the queue, the server, HiGHS) cost most of a second to load.
 * Help, --version and unknown commands get stand-ins built from GROUPS' one-line summaries, so they
 * load no engine; `every` loads every group instead (main.test.ts checks both give the same help).
 */
export async function buildProgram(argv: string[], every = false): Promise<Command> {
  const program = new Command("waferline")
    .description("Plans, simulates and stress-tests AI-infrastructure supply chains, from wafer to rack.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  // `waferline help run` is run's help: it needs run's group.
  const name = argv[2] === "help" ? argv[3] : argv[2];
  const named = every ? GROUPS : GROUPS.filter((g) => g.commands.some(([term]) => commandName(term) === name));
  if (named.length > 0) {
    for (const group of named) (await group.load())(program);
    return program;
  }
  const terms = new Map<string, string>();
  for (const [term, description] of GROUPS.flatMap((g) => g.commands)) {
    terms.set(commandName(term), term);
    program.command(commandName(term)).description(description);
  }
  const help = new Help();
  return program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? help.subcommandTerm(cmd) });
}

type Register = (program: Command) => void;
const commandName = (term: string) => term.split(" ")[0];
/** Command groups in the order --help lists them: each command's help term and one-line description. */
const GROUPS: { commands: [term: string, description: string][]; load: () => Promise<Register> }[] = [
  {
    commands: [["run [options] [scenario]", "the main job: validate, plan, simulate and stress-test; print the answers, write out/<run-id>/ and store the run"]],
    load: async () => (await import("./commands/run.js")).registerRunCommands,
  },
  {
    commands: [
      ["validate [options] [scenario]", "check a scenario; print a summary, or every problem as FILE:LINE:COL: path: message"],
      ["scenarios [options]", "list the built-in scenarios"],
      ["schema", "print the JSON Schema of scenario files (for editor autocompletion)"],
    ],
    load: async () => (await import("./commands/model.js")).registerModelCommands,
  },
  {
    commands: [["plan [options] [scenario]", "constrained plan on HiGHS: delivered value vs target, mass production, onshore share, bottlenecks"]],
    load: async () => (await import("./commands/plan.js")).registerPlanCommands,
  },
  {
    commands: [["invest [options] [scenario]", "what it would take: the least capital in expansion options to reach the target by its date (or the most for a budget), and the frontier"]],
    load: async () => (await import("./commands/invest.js")).registerInvestCommands,
  },
  {
    commands: [["mrp [options] [scenario]", "unconstrained requirements explosion: planned releases per operation, capacity load and overloads"]],
    load: async () => (await import("./commands/mrp.js")).registerMrpCommands,
  },
  {
    commands: [["simulate [options] [scenario]", "Monte Carlo: P10/P50/P90 outcomes and the probability of meeting the target; same seed, same numbers, whatever --threads"]],
    load: async () => (await import("./commands/simulate.js")).registerSimulateCommands,
  },
  {
    commands: [["stress [options] [scenario]", "time to survive (TTS), time to recover (TTR) and risk exposure index per site, lane and country"]],
    load: async () => (await import("./commands/stress.js")).registerStressCommands,
  },
  {
    commands: [["sweep [options] [scenario]", "sensitivity of delivered value, target value (P50) and P(target) to each --vary parameter: a tornado, or the full grid"]],
    load: async () => (await import("./commands/sweep.js")).registerSweepCommands,
  },
  {
    commands: [["events [options] [scenario]", "the scenario's library of dated events, for --event on plan, simulate, stress and run"]],
    load: async () => (await import("./commands/events.js")).registerEventsCommands,
  },
  {
    commands: [["compare [options] [a] [b]", "two scenarios, a scenario with and without --event, or two stored runs: what differs in the inputs and in the answer (b − a)"]],
    load: async () => (await import("./commands/compare.js")).registerCompareCommands,
  },
  {
    commands: [["runs", "the run history (SQLite at $WAFERLINE_DB, default .waferline/waferline.db)"]],
    load: async () => (await import("./commands/runs.js")).registerRunsCommands,
  },
  {
    commands: [
      ["export-scenario [options] [scenario]", "write a scenario as a workbook: one sheet per table (sites, items, resources, operations, lanes, demand, policies, uncertainty, sources)"],
      ["import-scenario <file>", "read a scenario workbook and print it as YAML; problems go to stderr as FILE:Sheet!Cell: message"],
    ],
    load: async () => (await import("./commands/excel.js")).registerExcelCommands,
  },
  {
    commands: [["serve [options]", "HTTP API (OpenAPI at /api/openapi.json) and the dashboard"]],
    load: async () => (await import("./commands/serve.js")).registerServeCommands,
  },
  {
    commands: [["worker [options]", "take simulation shards from Redis and run them (start one or more per machine; stop with SIGTERM)"]],
    load: async () => (await import("./commands/worker.js")).registerWorkerCommands,
  },
];

/** The one place that decides an exit code (DESIGN.md: 0 ok, 1 user error, 2 usage error, 3 internal). */
function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0. Commander has printed the message.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`waferline: ${err.message}\n(run with --help for usage)\n`);
    return EXIT.usage;
  }
  if (err instanceof UserError) {
    process.stderr.write(err.listed ? `${err.message}\n` : `waferline: ${err.message}\n`);
    return EXIT.user;
  }
  const environment = environmentProblem(err);
  if (environment) {
    process.stderr.write(`waferline: ${environment}\n`);
    return EXIT.user;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`waferline: internal error: ${message.slice(0, 4000)}\n`);
  return EXIT.internal;
}

/**
 * Errors of the user's files and database rather than of Waferline: the run store's (it names the
 * file and why it cannot be used), and any file-system error that names its path. Duck-typed, so that
 * this module loads neither the store nor anything else a command does not need.
 */
function environmentProblem(err: unknown): string | null {
  if (err instanceof Error && err.name === "StoreError") return err.message;
  const e = err as NodeJS.ErrnoException | null;
  if (e && typeof e === "object" && typeof e.code === "string" && typeof e.path === "string") return `${e.path}: ${fileErrorReason(e.code)}`;
  return null;
}
