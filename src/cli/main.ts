// The CLI: parses arguments and calls the public API. No logic of its own lives here.
import { Command, CommanderError } from "commander";
import { EXIT, fileErrorReason, UsageError, UserError } from "./output.js";
import { installSignalHandlers, ownsSignals, stoppingSignal, untilSignalExit } from "./signals.js";

export async function main(argv: string[]): Promise<void> {
  installSignalHandlers();
  const program = new Command("waferline")
    .description("Plans, simulates and stress-tests AI-infrastructure supply chains, from wafer to rack.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  // Only the group of the command being run is imported: the engines behind the others (the report's
  // charts, the queue, the server) cost most of a second to load. Help, --version and unknown commands
  // load every group.
  const named = GROUPS.filter((g) => g.commands.includes(argv[2] ?? ""));
  for (const group of named.length > 0 ? named : GROUPS) (await group.load())(program);

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

type Register = (program: Command) => void;
/** Command groups in the order --help lists them; one line each. */
const GROUPS: { commands: string[]; load: () => Promise<Register> }[] = [
  { commands: ["run"], load: async () => (await import("./commands/run.js")).registerRunCommands },
  { commands: ["validate", "scenarios", "schema"], load: async () => (await import("./commands/model.js")).registerModelCommands },
  { commands: ["plan"], load: async () => (await import("./commands/plan.js")).registerPlanCommands },
  { commands: ["invest"], load: async () => (await import("./commands/invest.js")).registerInvestCommands },
  { commands: ["mrp"], load: async () => (await import("./commands/mrp.js")).registerMrpCommands },
  { commands: ["simulate"], load: async () => (await import("./commands/simulate.js")).registerSimulateCommands },
  { commands: ["stress"], load: async () => (await import("./commands/stress.js")).registerStressCommands },
  { commands: ["sweep"], load: async () => (await import("./commands/sweep.js")).registerSweepCommands },
  { commands: ["events"], load: async () => (await import("./commands/events.js")).registerEventsCommands },
  { commands: ["compare"], load: async () => (await import("./commands/compare.js")).registerCompareCommands },
  { commands: ["runs"], load: async () => (await import("./commands/runs.js")).registerRunsCommands },
  { commands: ["export-scenario", "import-scenario"], load: async () => (await import("./commands/excel.js")).registerExcelCommands },
  { commands: ["serve"], load: async () => (await import("./commands/serve.js")).registerServeCommands },
  { commands: ["worker"], load: async () => (await import("./commands/worker.js")).registerWorkerCommands },
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
