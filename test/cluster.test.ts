// Distributed simulate on a real redis-server (a private one, on a free loopback port) with worker
// processes of the built CLI: identical to local runs, a worker killed mid-run, a worker of another
// version, Redis gone or restarted mid-run.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterError, simulateDistributed } from "../src/cluster/index.js";
import { loadNetwork } from "../src/cli/scenario-file.js";
import { cli, cliAsync, freePort, HAS_REDIS, type RedisProcess, root, startRedis, startWorker, stopWorker, type WorkerProcess } from "./cluster-harness.js";

beforeAll(() => {
}, 180_000);

describe.skipIf(!HAS_REDIS)("simulate --redis with two workers", () => {
  let redis: RedisProcess;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    // One after the other, so afterAll stops whichever did start.
    workers.push(await startWorker(redis.url));
    workers.push(await startWorker(redis.url));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await redis?.stop();
  });

  // The CLI runs asynchronously here: a blocking spawnSync would stop this process reading the workers' logs.
  it("gives the local run's JSON, byte for byte, on the tutorial (greedy and plan)", async () => {
    for (const extra of [
      ["--trials", "3000", "--seed", "123", "--policy", "greedy"],
      ["--trials", "1000", "--seed", "5", "--policy", "plan"],
    ]) {
      const local = cli(["simulate", "tutorial", ...extra, "--json", "--threads", "2"]);
      expect(local.status, local.stderr).toBe(0);
      for (const shards of ["1", "3", "12"]) {
        const dist = await cliAsync(["simulate", "tutorial", ...extra, "--json", "--redis", redis.url, "--shards", shards]);
        expect(dist.status, dist.stderr).toBe(0);
        expect(dist.stdout).toBe(local.stdout);
      }
    }
  }, 180_000);

  it("gives the local run's JSON on the default scenario", async () => {
    const args = ["simulate", "--trials", "1500", "--seed", "42", "--json"];
    const local = cli([...args, "--threads", "1"]);
    expect(local.status, local.stderr).toBe(0);
    const dist = await cliAsync([...args, "--redis", redis.url, "--shards", "5"]);
    expect(dist.status, dist.stderr).toBe(0);
    expect(dist.stdout).toBe(local.stdout);
    expect(JSON.parse(dist.stdout).trials).toBe(1500);
    // Both workers took part (a default-scenario shard is long enough for the second to get one).
    for (const w of workers) expect(w.lines.some((l) => / shard \d+\/5: chunks /.test(l)), workers.map((x) => x.lines.join("\n")).join("\n---\n")).toBe(true);
  }, 180_000);

  it("leaves a run of another Waferline version alone, and its submitter is told no worker of its version is connected", async () => {
    const { network, text } = loadNetwork("tutorial");
    const notices: string[] = [];
    const abort = new AbortController();
    const run = simulateDistributed(network, text, {
      redisUrl: redis.url,
      trials: 500,
      policy: "greedy",
      shards: 2,
      version: "0.0.0-elsewhere",
      signal: abort.signal,
      onNotice: (m) => {
        notices.push(m);
        abort.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(notices[0]).toMatch(/^no worker of Waferline 0\.0\.0-elsewhere is connected to Redis at redis:.*workers of other versions leave this run's shards alone/);
    // These workers never took its shards (before, they took them and failed them for good).
    for (const w of workers) expect(w.lines.filter((l) => /refused|failed/.test(l))).toEqual([]);
    // The workers are still fine afterwards.
    const ok = await simulateDistributed(network, text, { redisUrl: redis.url, trials: 500, policy: "greedy", shards: 2 });
    expect(ok.trials).toBe(500);
  }, 60_000);

  it("says clearly when a flag is wrong (a usage error, exit 2)", () => {
    const r = cli(["simulate", "tutorial", "--redis", "http://127.0.0.1:1", "--trials", "10"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/must start with redis:\/\//);
  });
});

describe.skipIf(!HAS_REDIS)("a worker killed mid-run", () => {
  it("has its shard retried by the other worker; the result is still identical to local", async () => {
    const redis = await startRedis();
    // Short locks so the dead worker's shard comes back within a second or two.
    const fast = ["--lock-ms", "1500", "--stalled-ms", "500"];
    const started = await Promise.allSettled([startWorker(redis.url, fast), startWorker(redis.url, fast)]);
    const ok = started.flatMap((x) => (x.status === "fulfilled" ? [x.value] : []));
    if (ok.length < 2) {
      await Promise.all(ok.map(stopWorker));
      await redis.stop();
      throw new Error("a worker did not start");
    }
    const [a, b] = ok;
    try {
      // 24,000 greedy trials = 96 chunks in 8 shards of 12 chunks (~0.2 s each on the default scenario:
      // a shard must last well past the 20 ms below, or the kill lands between shards and nothing stalls).
      const args = ["simulate", "--trials", "24000", "--seed", "9", "--policy", "greedy", "--json"];
      const run = cliAsync([...args, "--redis", redis.url, "--shards", "8"]);
      // Worker A finishes a shard and at once takes the next: kill it while it computes that one.
      await a.waitFor(/ shard \d+\/8: chunks .* done/, 60_000);
      await new Promise((r) => setTimeout(r, 20));
      a.child.kill("SIGKILL");
      const dist = await run;
      expect(dist.status, dist.stderr).toBe(0);
      const local = cli([...args, "--threads", "2"]);
      expect(local.status, local.stderr).toBe(0);
      expect(dist.stdout).toBe(local.stdout);
      expect(JSON.parse(dist.stdout).trials).toBe(24000);
      // The survivor saw the dead worker's shard stall and ran it again.
      expect(b.lines.some((l) => /stopped answering; put back in the queue/.test(l)), b.lines.join("\n")).toBe(true);
    } finally {
      await Promise.all([stopWorker(a), stopWorker(b)]);
      await redis.stop();
    }
  }, 180_000);
});

describe.skipIf(!HAS_REDIS)("Redis trouble", () => {
  it("fails within seconds, saying so, when Redis cannot be reached", async () => {
    const port = await freePort();
    const t0 = Date.now();
    const r = await cliAsync(["simulate", "tutorial", "--trials", "100", "--policy", "greedy", "--redis", `redis://127.0.0.1:${port}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 30_000);

  it("fails clearly when Redis restarts empty mid-run, and when it stays down", async () => {
    const { network, text } = loadNetwork("tutorial");
    // No worker: the run waits on its shards while Redis goes away under it.
    let redis = await startRedis();
    const port = redis.port;
    const notices: string[] = [];
    const lost = simulateDistributed(network, text, { redisUrl: redis.url, trials: 500, policy: "greedy", redisTimeoutMs: 20_000, pollMs: 100, onNotice: (m) => notices.push(m) });
    const settled = lost.catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 800));
    await redis.kill();
    redis = await startRedis(port); // back, but empty (--save '')
    const err = await settled;
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toMatch(/no longer holds run .*restarted without persistence/);

    const down = simulateDistributed(network, text, { redisUrl: redis.url, trials: 500, policy: "greedy", redisTimeoutMs: 2000, pollMs: 100 });
    const downSettled = down.catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 800));
    const t0 = Date.now();
    await redis.kill();
    const err2 = await downSettled;
    expect(err2).toBeInstanceOf(ClusterError);
    expect((err2 as Error).message).toMatch(/lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ for 2 s/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 60_000);

  it("resumes when Redis restarts with its data, and still gives the local result", async () => {
    const dir = mkdtempSync(join(tmpdir(), "waferline-aof-"));
    let redis = await startRedis(undefined, dir);
    const fast = ["--lock-ms", "1500", "--stalled-ms", "500"];
    const workers: WorkerProcess[] = [];
    try {
      workers.push(...(await Promise.all([startWorker(redis.url, fast), startWorker(redis.url, fast)])));
      const args = ["simulate", "--trials", "12000", "--seed", "21", "--policy", "greedy", "--json"];
      const run = cliAsync([...args, "--redis", redis.url, "--shards", "48"]);
      await workers[0].waitFor(/ shard \d+\/48: chunks .* done/, 60_000);
      await redis.stop(); // SIGTERM: Redis flushes its append-only file and exits
      await new Promise((r) => setTimeout(r, 1500));
      redis = await startRedis(redis.port, dir);
      const dist = await run;
      expect(dist.status, dist.stderr).toBe(0);
      const local = cli([...args, "--threads", "2"]);
      expect(dist.stdout).toBe(local.stdout);
      // Both workers lost the connection and carried on.
      for (const w of workers) expect(w.lines.some((l) => /redis: .*(ECONNREFUSED|ECONNRESET|Connection is closed)/.test(l)), w.lines.join("\n")).toBe(true);
    } finally {
      await Promise.all(workers.map(stopWorker));
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("stops a worker cleanly on SIGTERM (exit 0)", async () => {
    const redis = await startRedis();
    try {
      const w = await startWorker(redis.url);
      w.child.kill("SIGTERM");
      const { code, signal } = await w.exit;
      expect({ code, signal }, w.lines.join("\n")).toEqual({ code: 0, signal: null });
      expect(w.lines.at(-1)).toMatch(/worker stopped/);
    } finally {
      await redis.stop();
    }
  }, 60_000);
});

// Issue 11, finding 5: one worker of another version made every distributed run fail (it took shards
// and failed them permanently). The other-version worker runs in this process from the build, with
// its version set to another one: real threads, real Redis, real BullMQ.
describe.skipIf(!HAS_REDIS)("a pool of workers of two versions", () => {
  it("completes a run of each version, each on its own version's workers", async () => {
    const redis = await startRedis();
    const other: string[] = [];
    const { startWorker: startInProcess } = (await import("../dist/cluster/index.js")) as typeof import("../src/cluster/index.js");
    const old = startInProcess({ redisUrl: redis.url, version: "0.0.0-old", log: (l) => other.push(l) });
    let current: WorkerProcess | undefined;
    try {
      await old.ready;
      current = await startWorker(redis.url);
      const args = ["simulate", "tutorial", "--trials", "3000", "--seed", "7", "--policy", "greedy", "--json"];
      const local = cli([...args, "--threads", "1"]);
      expect(local.status, local.stderr).toBe(0);
      // Six shards: with one worker of each version taking shards as they come, before this change the
      // old one took about half of them and failed them for good.
      const dist = await cliAsync([...args, "--redis", redis.url, "--shards", "6"]);
      expect(dist.status, dist.stderr).toBe(0);
      expect(dist.stdout).toBe(local.stdout);
      expect(current.lines.filter((l) => / shard \d+\/6: chunks .* done/.test(l))).toHaveLength(6);
      expect(other.filter((l) => /shard|refused|failed/.test(l))).toEqual([]);
      // And a run of the old version is done by the old worker alone.
      const { network, text } = loadNetwork("tutorial");
      const r = await simulateDistributed(network, text, { redisUrl: redis.url, trials: 1000, policy: "greedy", shards: 2, version: "0.0.0-old" });
      expect(r.trials).toBe(1000);
      expect(other.filter((l) => / shard \d+\/2: chunks .* done/.test(l))).toHaveLength(2);
      expect(current.lines.filter((l) => / shard \d+\/2: /.test(l))).toEqual([]);
    } finally {
      await old.close();
      if (current) await stopWorker(current);
      await redis.stop();
    }
  }, 120_000);
});

// Issue 11, finding 10: a worker whose Redis is gone never exited on SIGTERM (closing the queue waits for Redis).
describe.skipIf(!HAS_REDIS)("stopping a worker whose Redis is gone", () => {
  it("exits 0 within 10 s of SIGTERM", async () => {
    const redis = await startRedis();
    const w = await startWorker(redis.url);
    await redis.kill();
    await w.waitFor(/redis: /, 10_000); // it has noticed
    const t0 = Date.now();
    w.child.kill("SIGTERM");
    const { code, signal } = await Promise.race([w.exit, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 15 s:\n${w.lines.join("\n")}`)), 15_000))]);
    const seconds = (Date.now() - t0) / 1000;
    expect({ code, signal }, w.lines.join("\n")).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(10);
    expect(w.lines.at(-1)).toMatch(/worker stopped|exiting now/);
  }, 60_000);
});

// Issue 11, finding 11: SIGTERM to `simulate --redis` left its jobs in Redis (SIGINT cleaned up).
describe.skipIf(!HAS_REDIS)("simulate --redis stopped by a signal", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s removes the run's jobs from Redis and exits 128 + n with one line", async (sig) => {
    const redis = await startRedis();
    const { Redis } = await import("ioredis");
    const client = new Redis(redis.url);
    try {
      // No worker: the run waits with its jobs queued.
      const child = spawn("node", ["bin/waferline.js", "simulate", "tutorial", "--trials", "2000", "--policy", "greedy", "--redis", redis.url], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const jobKeys = async () => (await client.keys("waferline:*")).filter((k) => /:r[0-9a-z]+-\d+/.test(k));
      const until = Date.now() + 20_000;
      while ((await jobKeys()).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect((await jobKeys()).length).toBeGreaterThan(0);
      child.kill(sig);
      expect(await exit).toBe(sig === "SIGINT" ? 130 : 143);
      expect(stderr.trim()).toBe(`waferline: stopped by ${sig}`);
      expect(await jobKeys()).toEqual([]);
    } finally {
      client.disconnect();
      await redis.stop();
    }
  }, 60_000);
});
