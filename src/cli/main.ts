// The CLI: parses arguments and calls the public API. No logic of its own lives here.
import { Command, CommanderError } from "commander";
import { EXIT, UserError } from "./output.js";

export async function main(argv: string[]): Promise<void> {
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
    process.exitCode = exitCodeFor(err);
  }
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
  { commands: ["runs"], load: async () => (await import("./commands/runs.js")).registerRunsCommands },
  { commands: ["export-scenario", "import-scenario"], load: async () => (await import("./commands/excel.js")).registerExcelCommands },
  { commands: ["serve"], load: async () => (await import("./commands/serve.js")).registerServeCommands },
  { commands: ["worker"], load: async () => (await import("./commands/worker.js")).registerWorkerCommands },
];

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UserError) {
    process.stderr.write(err.listed ? `${err.message}\n` : `waferline: ${err.message}\n`);
    return EXIT.user;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`waferline: internal error: ${message.slice(0, 4000)}\n`);
  return EXIT.internal;
}
