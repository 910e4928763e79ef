// Cluster benchmark: overhead per shard, and 1 vs 2 local worker processes on the default scenario.
// Starts its own redis-server on a free loopback port and its own workers; needs `npm run build` first.
// Usage: node bench/cluster/bench.mjs [--trials 20000] [--repeats 3]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TRIALS = arg("--trials", 20000);
const REPEATS = arg("--repeats", 3);

const { simulateDistributed } = await import(`${root}/dist/cluster/index.js`);
const { simulate } = await import(`${root}/dist/sim/index.js`);
const { loadScenarioText, normalize } = await import(`${root}/dist/model/index.js`);
const { plan } = await import(`${root}/dist/plan/index.js`);

const load = (name) => {
  const text = readFileSync(`${root}/scenarios/${name}.yaml`, "utf8");
  return { text, net: normalize(loadScenarioText(text).scenario) };
};
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const url = `redis://127.0.0.1:${port}`;
const redis = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));

const workers = [];
const shardsDone = [];
async function startWorker() {
  const child = spawn("node", ["bin/waferline.js", "worker", "--redis", url], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const k = workers.length;
  shardsDone[k] = 0;
  await new Promise((resolve) =>
    child.stdout.on("data", (d) => {
      shardsDone[k] += (String(d).match(/ done in /g) ?? []).length;
      if (/worker ready/.test(String(d))) resolve();
    }),
  );
  workers.push(child);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timeIt(fn) {
  await fn(); // warm-up: worker threads start, kernels build
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

try {
  await startWorker();
  // 1. Overhead per shard: the tutorial, 64 shards of one 250-trial chunk each, one worker, against the
  //    same trials run in-process on one thread.
  const tut = load("tutorial");
  const K = 64;
  const localTut = await timeIt(async () => simulate(tut.net, { trials: K * 250, policy: "greedy" }));
  const distTut = await timeIt(() => simulateDistributed(tut.net, tut.text, { redisUrl: url, trials: K * 250, policy: "greedy", shards: K, pollMs: 20 }));
  console.log(`tutorial ${K * 250} trials: local 1 thread ${localTut.toFixed(2)} s; 1 worker, ${K} shards ${distTut.toFixed(2)} s; overhead per shard ${(((distTut - localTut) / K) * 1000).toFixed(1)} ms`);

  // 2. The default scenario under the plan policy (plan computed once, outside the timing).
  const def = load("us-ai-onshoring-2025");
  const p = await plan(def.net, { objective: "max-value" });
  const opts = { redisUrl: url, trials: TRIALS, policy: "plan", starts: p.starts, shipments: p.shipments, pollMs: 50 };
  const local = await timeIt(async () => simulate(def.net, { trials: TRIALS, policy: "plan", starts: p.starts, shipments: p.shipments }));
  const one = await timeIt(() => simulateDistributed(def.net, def.text, opts));
  await startWorker();
  const before = [...shardsDone];
  const two = await timeIt(() => simulateDistributed(def.net, def.text, opts));
  console.log(`shards taken by each worker in the 2-worker runs: ${shardsDone.map((n, i) => n - (before[i] ?? 0)).join(", ")}`);
  console.log(`default scenario ${TRIALS} trials (plan policy, ${Math.ceil(TRIALS / 1000)} shards): local 1 thread ${local.toFixed(2)} s; 1 worker ${one.toFixed(2)} s; 2 workers ${two.toFixed(2)} s; speed-up ${(one / two).toFixed(2)}x`);
} finally {
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r() : w.once("exit", r)))));
  redis.kill("SIGTERM");
}
