// Distributed execution on BullMQ/Redis: simulate runs split into shards that workers on any machine
// take, merged to the same numbers as a local run; and sensitivity sweeps, local or distributed.
export { simulateDistributed, simulateBatch, defaultShards, checkRedisUrl, ClusterError, type ClusterOptions, type DistributedOptions, type RunSpec } from "./distributed.js";
export { startWorker, type WorkerOptions, type ShardWorker } from "./worker.js";
export { sweep, kpisOf, SweepError, type SweepOptions, type SweepResult, type SweepKpis, type SweepPoint } from "./sweep.js";
export { parseVary, applyVariations, type Variation, type VarySpec, type VaryTarget } from "./variation.js";
export { WAFERLINE_VERSION, scenarioHash, shardRanges } from "./jobs.js";
