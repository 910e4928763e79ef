// Monte Carlo simulation: seeded trials on typed arrays, streaming aggregation, two execution policies.
// The worker-thread runner lives in parallel.node.ts (a Node adapter, outside the pure core).
export { simulate, simulateKeepingTrials, runTrial, type TrialValues, CHUNK_TRIALS, type SimulateOptions, type SimulationResult, type Summary, type PeriodSummary } from "./simulate.js";
export { SimKernel, activityOrder, POLICIES, type Policy } from "./kernel.js";
export { TrialRng, fmix32 } from "./random.js";
export { sample, quantile, normalCdf, normalQuantile } from "./distributions.js";
export { SketchSet, RELATIVE_ERROR as SKETCH_RELATIVE_ERROR } from "./sketch.js";
