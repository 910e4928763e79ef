// How every command stops on SIGINT (Ctrl-C) and SIGTERM: one line on stderr, no stack trace, and the
// shell's conventional exit code 128 + the signal's number (130, 143). A command may register cleanup
// (bounded in time) that runs first, or take the signal over entirely (serve and worker stop gracefully
// and exit 0 when their action returns). A second signal always exits at once.

export type StopSignal = "SIGINT" | "SIGTERM";
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** How long cleanups may take before the process exits anyway. */
const CLEANUP_MS = 10_000;

type Handler = (signal: StopSignal) => unknown;

const cleanups = new Set<Handler>();
let owner: Handler | null = null;
let stopping: StopSignal | null = null;

/** Installed once by main(): from then on a signal never kills the process mid-write. */
export function installSignalHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void onSignal(signal));
}

/** Work to finish before the process exits on a signal (remove jobs, mark a run cancelled). */
export function onInterrupt(cleanup: Handler): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Whether a command stops itself on a signal (handleSignals). */
export const ownsSignals = (): boolean => owner !== null;

/** The command stops itself on a signal (its action then returns and the process exits 0). */
export function handleSignals(stop: Handler): () => void {
  owner = stop;
  return () => {
    if (owner === stop) owner = null;
  };
}

/** The signal that is stopping the process, if one is. */
export const stoppingSignal = (): StopSignal | null => stopping;

/**
 * For a command that ended (or failed) while a signal stops the process: its outcome is the signal's,
 * and the handler, still cleaning up, prints the one line and exits. This keeps the process alive until then.
 */
export function untilSignalExit(): Promise<void> {
  return new Promise(() => setTimeout(() => {}, CLEANUP_MS + 1000));
}

async function onSignal(signal: StopSignal): Promise<void> {
  if (stopping) {
    process.stderr.write(`waferline: ${signal} again: exiting now\n`);
    process.exit(SIGNAL_EXIT[signal]);
  }
  stopping = signal;
  if (owner) {
    owner(signal);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLEANUP_MS);
  });
  const work = Promise.allSettled([...cleanups].map(async (c) => c(signal)));
  await Promise.race([work, deadline]);
  clearTimeout(timer);
  process.stderr.write(`waferline: stopped by ${signal}\n`);
  process.exit(SIGNAL_EXIT[signal]);
}
