// Fuzz benchmark of the HTTP API (issue 11): several clients send malformed bodies, hostile and huge
// scenario texts, runs cancelled at random moments, event streams dropped mid-way and random requests to
// `waferline serve` for a while, as fast as it answers; a separate process polls /api/health every 50 ms
// throughout. Reports the requests tried, their statuses, server crashes (the goal is 0), errors that
// escaped to the server's last-resort handler (goal 0), 5xx answers, and the p50/p99/max latency of
// /api/health (goal: p99 < 100 ms). Needs `npm run build` first.
// Usage: node bench/server/fuzz.mjs [--minutes 10] [--clients 3] [--seed 1]
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { applyMutation, randomMutation, rng } from "../model/mutate.mjs";

const root = new URL("../..", import.meta.url).pathname;
const { values } = parseArgs({ options: { minutes: { type: "string", default: "10" }, clients: { type: "string", default: "3" }, seed: { type: "string", default: "1" } } });
const minutes = Number(values.minutes);
const clients = Number(values.clients);
const rand = rng(Number(values.seed));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), "waferline-fuzz-"));

// The server, restarted (and counted) if it ever dies.
let server;
let stopping = false;
const crashes = [];
let lastResort = 0;
function startServer() {
  const child = spawn("node", [...(process.env.FUZZ_NODE_ARGS?.split(" ").filter(Boolean) ?? []), join(root, "bin/waferline.js"), "serve", "--port", String(port), "--max-run-seconds", "60"], {
    cwd: dir,
    env: { ...process.env, WAFERLINE_DB: join(dir, "runs.db"), WAFERLINE_TOKEN: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
    lastResort += (String(d).match(/logged and kept serving/g) ?? []).length;
  });
  child.stdout.resume();
  child.on("exit", (code, signal) => {
    if (stopping) return;
    crashes.push({ at: new Date().toISOString(), code, signal, stderr: stderr.slice(-2000) });
    server = startServer();
  });
  return { child, ready: waitForHealth() };
}
async function waitForHealth() {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the server did not start");
}
server = startServer();
await server.ready;

// /api/health from a process of its own, so that the fuzzers' work never delays the measurement.
const probeOut = join(dir, "probe.json");
const probe = spawn("node", ["--input-type=module", "-e", probeSource(base, probeOut)], { stdio: "inherit" });

const counts = { requests: 0, byStatus: {}, clientAborts: 0, refusedUnread: 0, networkErrors: 0, networkErrorSamples: [], serverErrors: [] };
const count = (status) => {
  counts.requests++;
  counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
};
async function request(path, init = {}, readBody = true) {
  try {
    const res = await fetch(`${base}${path}`, { ...init, signal: init.signal ?? AbortSignal.timeout(120_000) });
    count(res.status);
    const body = readBody ? await res.text().catch(() => "") : "";
    if (res.status >= 500 && counts.serverErrors.length < 20) counts.serverErrors.push({ path, method: init.method ?? "GET", status: res.status, body: body.slice(0, 300) });
    return { res, body };
  } catch (err) {
    counts.requests++;
    // A request this client dropped on purpose (an event stream cut short) is not the server's error,
    // nor is a body over the 2 MiB limit that the server refused (413) without reading it.
    const size = typeof init.body === "string" ? Buffer.byteLength(init.body) : (init.body?.length ?? 0);
    const code = err?.cause?.code ?? err?.code;
    if (err?.name === "AbortError") counts.clientAborts++;
    else if (size > 2 * 1024 * 1024 && (code === "EPIPE" || code === "ECONNRESET" || code === "UND_ERR_SOCKET")) counts.refusedUnread++;
    else {
      counts.networkErrors++;
      if (counts.networkErrorSamples.length < 10) counts.networkErrorSamples.push({ path, method: init.method ?? "GET", error: String(err?.cause?.code ?? err?.message ?? err) });
    }
    return { res: null, body: "", err };
  }
}
const json = (body) => ({ method: "POST", headers: { "content-type": "application/json" }, body });

// Inputs.
const hostileTexts = [
  () => `name: x\n${Array.from({ length: 170_000 }, (_, i) => `k${i}: 1`).join("\n")}`, // 170,000 keys
  () => `name: x\n${Array.from({ length: 170_000 }, (_, i) => `k${i % 300}: 1`).join("\n")}`, // repeated keys
  () => `name: x\nsites: [${Array.from({ length: 250_000 }, (_, i) => i).join(",")}]`, // a 2 MB flow list
  () => `name: x\nsites:\n${"- ".repeat(200_000)}x`, // deep block nesting
  () => `name: x\nsites: ${"[".repeat(100_000)}`, // deep flow nesting
  () => ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]"].join("\n"), // alias bomb
  () => tutorial.replace("priceUsd: 400000", "priceUsd: 1.7e308"),
  () => tutorial.replace(/level: \d+/, "level: .inf"),
  () => `sites:\n${Array.from({ length: 40_000 }, (_, i) => `- [${i}, 2]`).join("\n")}\nbad: [`, // slow positioned parse
  () => String.fromCharCode(...Array.from({ length: 5000 }, () => Math.floor(rand() * 0xffff))),
];
const malformedBodies = [
  () => "",
  () => "{",
  () => '{"text": 5}',
  () => '{"text": ""}',
  () => '{"text": "x", "extra": 1}',
  () => "[".repeat(200_000),
  () => JSON.stringify({ text: "x".repeat(2_200_000) }), // over the 2 MiB body limit
  () => Buffer.from(Array.from({ length: 3000 }, () => Math.floor(rand() * 256))),
  () => JSON.stringify({ kinds: "teleport" }),
  () => JSON.stringify({ trials: 10_000_000 }),
  () => JSON.stringify({ trials: -1, seed: "x" }),
  () => JSON.stringify({ scenario: "../../etc/passwd" }),
  () => JSON.stringify({ stressAt: "2099-99" }),
  () => JSON.stringify({ scenario: "tutorial", text: "name: x" }),
];
const mutated = () => {
  const ms = [randomMutation(rand)];
  while (rand() < 0.3 && ms.length < 4) ms.push(randomMutation(rand));
  return ms.reduce(applyMutation, tutorial);
};
const runIds = [];

// Actions, each a few requests.
const actions = [
  [25, async () => request(pick(["/api/validate", "/api/runs"]), { method: "POST", headers: { "content-type": pick(["application/json", "text/plain", "application/yaml"]) }, body: pick(malformedBodies)() })],
  [20, async () => request("/api/validate", json(JSON.stringify({ text: mutated() })))],
  [8, async () => request(pick(["/api/validate", "/api/runs"]), json(JSON.stringify({ text: pick(hostileTexts)() })))],
  [
    20,
    async () => {
      const body = rand() < 0.5 ? { scenario: pick(["tutorial", "us-ai-onshoring-2025", "taiwan-baseline"]) } : { text: rand() < 0.5 ? tutorial : mutated() };
      const kinds = pick(["plan", "simulate", "stress", "sensitivity", "all", ["plan", "simulate"]]);
      const { res, body: text } = await request("/api/runs", json(JSON.stringify({ ...body, kinds, trials: pick([100, 1000, 10_000, 50_000]) })));
      if (res?.status !== 202) return;
      const { id } = JSON.parse(text);
      runIds.push(id);
      const fate = rand();
      if (fate < 0.4) {
        await new Promise((r) => setTimeout(r, rand() * 3000));
        await request(`/api/runs/${id}`, { method: "DELETE" });
      } else if (fate < 0.8) {
        // Follow its events for a while, then drop the connection.
        const abort = new AbortController();
        setTimeout(() => abort.abort(), rand() * 4000);
        const { res: stream } = await request(`/api/runs/${id}/events`, { signal: abort.signal }, false);
        await stream?.body?.cancel().catch(() => {});
      } else await request(`/api/runs/${id}`);
    },
  ],
  [
    27,
    async () => {
      const id = runIds.length && rand() < 0.7 ? pick(runIds) : pick(["latest", "2026", "x".repeat(70), "20000101-000000-00000-ffffff", "%2e%2e%2f"]);
      const [method, path] = pick([
        ["GET", `/api/runs/${id}`],
        ["GET", `/api/runs/${id}/events`],
        ["DELETE", `/api/runs/${id}`],
        ["GET", `/api/runs?limit=${pick([1, 50, 500, 0, -1, "x"])}&status=${pick(["running", "complete", "bogus"])}`],
        ["GET", `/api/runs/compare?a=${id}&b=${pick(runIds.length ? runIds : ["x"])}`],
        ["GET", `/api/scenarios/${pick(["tutorial", "nope", "..%2F..%2Fpackage", "A"])}`],
        ["GET", "/api/scenarios"],
        ["GET", "/api/openapi.json"],
        [pick(["PUT", "PATCH", "HEAD", "OPTIONS"]), pick(["/api/runs", "/api/health", "/api/validate"])],
        ["GET", pick(["/api/nothing", "/../../etc/passwd", "/assets/%00", "/runs/x"])],
      ]);
      if (path.endsWith("/events")) {
        const abort = new AbortController();
        setTimeout(() => abort.abort(), rand() * 2000);
        const { res } = await request(path, { method, signal: abort.signal }, false);
        await res?.body?.cancel().catch(() => {});
      } else await request(path, { method });
    },
  ],
];
const total = actions.reduce((s, [w]) => s + w, 0);
const act = () => {
  let x = rand() * total;
  for (const [w, f] of actions) if ((x -= w) < 0) return f();
  return actions[0][1]();
};

const load = { start: loadavg(), cores: cpus().length };
const t0 = Date.now();
const end = t0 + minutes * 60_000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (Date.now() < end) await act();
  }),
);
load.end = loadavg();

// The server's own view: how late its event loop ran (since its last start), as /api/health reports it.
const serverView = await fetch(`${base}/api/health`).then((r) => r.json()).then((h) => h.eventLoopDelayMs, () => null);

// Stop: the probe first (it writes its latencies), then the server with SIGTERM: it must exit 0.
probe.kill("SIGTERM");
await new Promise((r) => probe.once("exit", r));
stopping = true;
const exitCode = await new Promise((resolve) => {
  server.child.once("exit", (code, signal) => resolve(code ?? signal));
  server.child.kill("SIGTERM");
});
const latencies = JSON.parse(readFileSync(probeOut, "utf8")).sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
const results = {
  date: new Date().toISOString(),
  node: process.version,
  minutes,
  clients,
  seed: Number(values.seed),
  requests: counts.requests,
  byStatus: counts.byStatus,
  clientAborts: counts.clientAborts,
  refusedUnread: counts.refusedUnread,
  networkErrors: counts.networkErrors,
  networkErrorSamples: counts.networkErrorSamples,
  serverErrors: counts.serverErrors,
  crashes,
  lastResortLogged: lastResort,
  runsStarted: runIds.length,
  health: { samples: latencies.length, p50: q(0.5), p99: q(0.99), max: latencies.at(-1), over100ms: latencies.filter((x) => x >= 100).length },
  serverEventLoopDelayMs: serverView,
  serverExitOnSigterm: exitCode,
  loadAverage: load,
};
mkdirSync(join(root, "bench/server/out"), { recursive: true });
writeFileSync(join(root, "bench/server/out/fuzz.json"), `${JSON.stringify(results, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(
  `${minutes} min, ${clients} clients: ${counts.requests} requests (${Object.entries(counts.byStatus).map(([k, v]) => `${k}: ${v}`).join(", ")}), ${runIds.length} runs started; ` +
    `crashes ${crashes.length}, last-resort errors ${lastResort}, 5xx ${counts.serverErrors.length}, network errors ${counts.networkErrors} (besides ${counts.refusedUnread} bodies over the limit cut off unread and ${counts.clientAborts} requests dropped on purpose); ` +
    `/api/health p50 ${ms(q(0.5))}, p99 ${ms(q(0.99))}, max ${ms(latencies.at(-1))} over ${latencies.length} polls (the server's event loop late by p99 ${serverView?.p99} ms, max ${serverView?.max} ms); SIGTERM exit ${exitCode}; ` +
    `load average ${load.start.map((x) => x.toFixed(1)).join(" ")} -> ${load.end.map((x) => x.toFixed(1)).join(" ")} on ${load.cores} cores`,
);
process.exitCode = crashes.length === 0 && lastResort === 0 ? 0 : 1;

/** The health prober: polls every 50 ms until SIGTERM, then writes every latency (ms) to `out`. */
function probeSource(url, out) {
  return `
    import { writeFileSync } from "node:fs";
    const lat = [];
    let stop = false;
    process.on("SIGTERM", () => { stop = true; });
    while (!stop) {
      const t = performance.now();
      try { const r = await fetch(${JSON.stringify(`${url}/api/health`)}, { signal: AbortSignal.timeout(5000) }); await r.arrayBuffer(); lat.push(r.ok ? performance.now() - t : 5000); }
      catch { lat.push(5000); }
      await new Promise((r) => setTimeout(r, 50));
    }
    writeFileSync(${JSON.stringify(out)}, JSON.stringify(lat));
  `;
}
