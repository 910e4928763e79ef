// Defaults of a run that the command line shows before it loads the engines.

export const DEFAULT_TRIALS = 10_000;
