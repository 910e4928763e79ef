// Load test of the HTTP API on loopback (autocannon): reads of one stored run, bounded in time and
// connections; and the size of the dashboard's JavaScript, gzipped. Needs `npm run build` first.
// Usage: node bench/server/run.mjs [--duration 10] [--connections 50] [--scenario tutorial]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

const root = new URL("../..", import.meta.url).pathname;
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const duration = Number(arg("duration", "10"));
const connections = Number(arg("connections", "50"));
const scenarios = arg("scenario", "tutorial,us-ai-onshoring-2025").split(",");

for (const f of ["dist/cli/commands/serve.js", "dist/web/index.html"]) {
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
}

// The dashboard's JavaScript, as the browser downloads it (gzip).
const assets = join(root, "dist/web/assets");
const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
const jsRaw = js.reduce((a, f) => a + readFileSync(join(assets, f)).length, 0);
const jsGzip = js.reduce((a, f) => a + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);

const dir = mkdtempSync(join(tmpdir(), "waferline-bench-server-"));
const server = spawn("node", [join(root, "bin/waferline.js"), "serve", "--port", "0"], { cwd: dir, env: { ...process.env, WAFERLINE_DB: join(dir, "runs.db"), WAFERLINE_TOKEN: "" }, stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) resolve(m[1]);
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
});

const results = { date: new Date().toISOString(), node: process.version, duration, connections, dashboard: { files: js.length, jsBytes: jsRaw, jsGzipBytes: jsGzip }, reads: [] };
try {
  for (const scenario of scenarios) {
    const res = await fetch(`${base}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ scenario, trials: 2000 }) });
    const { id } = await res.json();
    const events = await (await fetch(`${base}/api/runs/${id}/events`)).text();
    if (!events.includes('"status":"complete"')) throw new Error(`the ${scenario} run did not complete: ${events.slice(-300)}`);
    const bytes = (await (await fetch(`${base}/api/runs/${id}`)).text()).length;
    for (const gzip of [false, true]) {
      const headers = gzip ? { "accept-encoding": "gzip" } : {};
      await autocannon({ url: `${base}/api/runs/${id}`, connections, duration: 1, headers }); // warm-up, not measured
      const r = await autocannon({ url: `${base}/api/runs/${id}`, connections, duration, headers });
      results.reads.push({
        scenario,
        gzip,
        responseBytes: bytes,
        requestsPerSecond: r.requests.average,
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      });
    }
  }
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}

mkdirSync(join(root, "bench/server/out"), { recursive: true });
writeFileSync(join(root, "bench/server/out/results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`dashboard JS: ${(jsRaw / 1024).toFixed(0)} KiB raw, ${(jsGzip / 1024).toFixed(0)} KiB gzipped (goal < 1024 KiB)`);
for (const r of results.reads) {
  console.log(
    `GET /api/runs/{id} (${r.scenario}, ${(r.responseBytes / 1024).toFixed(0)} KiB${r.gzip ? ", gzip" : ""}): ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms; ${r.non2xx} non-2xx, ${r.errors} errors (goal ≥ 2000 req/s, p99 < 50 ms)`,
  );
}
