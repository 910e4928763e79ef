// What travels through Redis: queue names, job data, the version stamp and the Redis connection.
// A run is a BullMQ flow: one parent job (queue RUN_QUEUE, never processed: it holds the run's inputs
// and collects its children) and one child job per shard (queue shardQueue(version), taken by workers
// of that version only).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import type { Policy } from "../sim/index.js";
import type { Variation } from "./variation.js";

export const PREFIX = "waferline";
export const RUN_QUEUE = "runs";

/**
 * The queue of a version's shards. One queue per version, so that a worker never takes a shard it
 * would have to refuse: during a rolling upgrade, old and new workers share one Redis and each
 * version's runs are done by that version's workers (even workers older than this rule, which took
 * every shard from the queue `shards` and failed the ones of other versions, never see these).
 */
export const shardQueue = (version: string) => `shards-v${version}`;

/** This build's Waferline version (package.json): workers refuse jobs stamped with another. */
export const WAFERLINE_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function scenarioHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The parent job's data: everything a worker needs to rebuild the kernel, once per run. */
export interface RunJobData {
  runId: string;
  version: string;
  scenarioHash: string;
  scenarioText: string;
  variations: Variation[];
  policy: Policy;
  seed: number;
  trials: number;
  shards: number;
  /** The plan policy's starts and shipments, computed once by the parent (Float64 as base64). */
  starts: string | null;
  shipments: string | null;
}

/** A shard job's data: chunks [firstChunk, endChunk) of its run. */
export interface ShardJobData {
  runId: string;
  shard: number;
  shards: number;
  firstChunk: number;
  endChunk: number;
  seed: number;
  trials: number;
  scenarioHash: string;
  version: string;
}

/** A shard job's return value, stored by BullMQ with the job (keyed by run id and shard). */
export interface ShardResult {
  shard: number;
  chunks: number;
  trials: number;
  /** encodeChunks() output, base64. */
  data: string;
}

export const shardJobId = (runId: string, shard: number) => `${runId}-s${shard}`;

/** Contiguous, balanced ranges of chunks: shard s gets [floor(s C / K), floor((s + 1) C / K)). */
export function shardRanges(chunks: number, shards: number): [number, number][] {
  const k = Math.max(1, Math.min(shards, chunks));
  return Array.from({ length: k }, (_, s) => [Math.floor((s * chunks) / k), Math.floor(((s + 1) * chunks) / k)]);
}

/** An ioredis client for BullMQ (it needs maxRetriesPerRequest: null); errors are kept, not thrown. */
export function connect(url: string, onError?: (err: Error) => void): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  client.on("error", (err: Error) => onError?.(err));
  return client;
}
