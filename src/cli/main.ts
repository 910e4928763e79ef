// The CLI: parses arguments and calls the public API. No logic of its own lives here.
import { Command, CommanderError } from "commander";
import { registerModelCommands } from "./commands/model.js";
import { registerWorkerCommands } from "./commands/worker.js";
import { registerSweepCommands } from "./commands/sweep.js";
import { registerRunCommands } from "./commands/run.js";
import { registerStressCommands } from "./commands/stress.js";
import { registerRunsCommands } from "./commands/runs.js";
import { registerExcelCommands } from "./commands/excel.js";
import { registerSimulateCommands } from "./commands/simulate.js";
import { registerMrpCommands } from "./commands/mrp.js";
import { registerPlanCommands } from "./commands/plan.js";
import { registerServeCommands } from "./commands/serve.js";
import { EXIT, UserError } from "./output.js";

export async function main(argv: string[]): Promise<void> {
  const program = new Command("waferline")
    .description("Plans, simulates and stress-tests AI-infrastructure supply chains, from wafer to rack.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerModelCommands(program);
  registerWorkerCommands(program);
  registerSweepCommands(program);
  registerServeCommands(program);
  registerRunCommands(program);
  registerStressCommands(program);
  registerRunsCommands(program);
  registerExcelCommands(program);
  registerSimulateCommands(program);
  registerMrpCommands(program);
  registerPlanCommands(program);
  // Further command groups register here, one line each.

  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

export const VERSION = "0.1.0";

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
