// What-if benchmark through the HTTP API (after `npm run build`): `waferline serve` as a process of its
// own with a fresh store; every figure is a client's wall time, request sent to answer read.
//   node bench/whatif/run.mjs [--repeat 5] [--scenario us-ai-onshoring-2025]
// Cases, each warm (a what-if session's kept model, re-solved from its bases) against cold (the same
// edit from scratch: a new session on the edited text, which parses, builds and solves it; and a
// `plan` run of the edited text, POST /api/runs kinds=plan, which also prices the limits):
//   edit   the Houston rack line's mature rate (2,000 racks a month) changed in the text, to a new value each repeat
//   grid   a capacity edit as the dashboard's grid sends it: tw-cowos-nvidia from 2027-01 scaled by a new factor each repeat
//   event  the Taiwan blockade 2027 as a surprise (re-planned from its start), then with foresight
// Warm edits alternate with the unedited text so that each one changes the model.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const repeat = Number(arg("repeat", "5"));
const scenario = arg("scenario", "us-ai-onshoring-2025");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
const text = readFileSync(join(root, "scenarios", `${scenario}.yaml`), "utf8");
const HOUSTON = "shape: s-curve, from: 0, to: 2000,";
if (!text.includes(HOUSTON)) throw new Error("the Houston ramp is not in the scenario any more: update bench/whatif/run.mjs");
const edited = (racks) => text.replace(HOUSTON, `shape: s-curve, from: 0, to: ${racks},`);

const dir = mkdtempSync(join(tmpdir(), "waferline-bench-whatif-"));
const server = spawn("node", [join(root, "bin/waferline.js"), "serve", "--port", "0", "--max-whatif-sessions", "4"], {
  cwd: dir,
  env: { ...process.env, WAFERLINE_DB: join(dir, "runs.db"), WAFERLINE_TOKEN: "" },
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) resolve(m[1]);
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
});

async function call(method, path, body) {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  const ms = performance.now() - t0;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${json.detail}`);
  return { json, ms };
}

/** A cold `plan` run of a text, started to complete, and its plan KPIs. */
async function coldRun(body) {
  const t0 = performance.now();
  const { json } = await call("POST", "/api/runs", { ...body, kinds: "plan" });
  for (;;) {
    const r = await call("GET", `/api/runs/${json.id}`);
    if (r.json.status !== "running") {
      if (r.json.status !== "complete") throw new Error(`run ${json.id}: ${r.json.status} ${r.json.error}`);
      return { ms: performance.now() - t0, kpis: r.json.kpis };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A cold what-if: a new session on the text (parse, build, solve cold), closed at once. */
async function coldOpen(body) {
  const r = await call("POST", "/api/whatif", body);
  await call("DELETE", `/api/whatif/${r.json.id}`);
  return r;
}

const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const rows = [];
const record = (name, warm, coldSession, coldPlan, extra = "") => {
  const w = median(warm.map((x) => x.ms));
  const cs = median(coldSession.map((x) => x.ms));
  const cp = median(coldPlan.map((x) => x.ms));
  rows.push({ name, w, cs, cp });
  console.log(
    `${name}: warm median ${(w / 1000).toFixed(3)} s of ${warm.map((x) => (x.ms / 1000).toFixed(2)).join(", ")} (server ${median(warm.map((x) => x.json.timings.totalMs)).toFixed(0)} ms, ${median(warm.map((x) => x.json.iterations))} iterations); ` +
      `cold session ${(cs / 1000).toFixed(2)} s (${median(coldSession.map((x) => x.json.iterations))} iterations)${Number.isNaN(cp) ? "" : `; cold plan run ${(cp / 1000).toFixed(2)} s`}; ` +
      `cold session / warm ${(cs / w).toFixed(1)}x${Number.isNaN(cp) ? "" : `, cold plan / warm ${(cp / w).toFixed(1)}x`}${extra}; load ${load()}`,
  );
};

console.log(`node ${process.version}; ${scenario}; ${repeat} repeats; load average at start ${load()}`);
const t0 = performance.now();
const opened = await call("POST", "/api/whatif", { scenario });
const id = opened.json.id;
console.log(`open (parse, build, cold solve, first HiGHS compile in the thread): ${(opened.ms / 1000).toFixed(2)} s, ${opened.json.iterations} iterations`);
await call("POST", `/api/whatif/${id}`, { capacity: [{ resource: "tw-cowos-nvidia", from: "2027-01", factor: 1.01 }] }); // warms the re-solve path

// edit: the text changed; warm against cold, the same text both ways, answers checked equal.
{
  const warm = [];
  const coldSession = [];
  const coldPlan = [];
  let agree = 0;
  for (let i = 0; i < repeat; i++) {
    const racks = 2100 + 100 * i;
    const w = await call("POST", `/api/whatif/${id}`, { text: edited(racks) });
    warm.push(w);
    const cs = await coldOpen({ text: edited(racks) });
    coldSession.push(cs);
    coldPlan.push(await coldRun({ text: edited(racks) }));
    if (close(w.json.plan.kpis.deliveredValueUsd, cs.json.plan.kpis.deliveredValueUsd) && close(w.json.plan.targets[0].madeValueUsd, cs.json.plan.targets[0].madeValueUsd)) agree++;
    if (!w.json.warm) throw new Error(`edit ${racks} was solved cold: ${w.json.coldReason}`);
    await call("POST", `/api/whatif/${id}`, { text }); // back to the opened text
  }
  record("edit (Houston mature rate, text)", warm, coldSession, coldPlan, `; warm = cold session in ${agree}/${repeat}`);
}

// grid: a structured capacity edit; cold is the same factor applied from scratch (a new session with the edit).
{
  const warm = [];
  const coldSession = [];
  for (let i = 0; i < repeat; i++) {
    const capacity = [{ resource: "tw-cowos-nvidia", from: "2027-01", factor: 1.05 + 0.05 * i }];
    warm.push(await call("POST", `/api/whatif/${id}`, { capacity }));
    const fresh = await call("POST", "/api/whatif", { scenario });
    const cold = await call("POST", `/api/whatif/${fresh.json.id}`, { capacity });
    coldSession.push({ ms: fresh.ms + cold.ms, json: { iterations: fresh.json.iterations + cold.json.iterations } });
    await call("DELETE", `/api/whatif/${fresh.json.id}`);
    await call("POST", `/api/whatif/${id}`, {});
  }
  record("grid (tw-cowos-nvidia from 2027-01 scaled, structured)", warm, coldSession, [{ ms: Number.NaN }]);
}

// event: the Taiwan blockade as a surprise and with foresight.
for (const foresight of [false, true]) {
  const warm = [];
  const coldSession = [];
  const coldPlan = [];
  for (let i = 0; i < repeat; i++) {
    const body = { events: ["taiwan-blockade-2027"], foresight };
    warm.push(await call("POST", `/api/whatif/${id}`, body));
    await call("POST", `/api/whatif/${id}`, {}); // back to no event
    if (i === 0 || i === repeat - 1) {
      coldSession.push(await coldOpen({ scenario, ...body }));
      coldPlan.push(await coldRun({ scenario, ...body }));
    }
  }
  const w = warm[0].json.plan.kpis.deliveredValueUsd;
  const c = coldPlan[0].kpis["plan.deliveredValueUsd"];
  record(`event (taiwan-blockade-2027${foresight ? ", foresight" : ", surprise"})`, warm, coldSession, coldPlan, `; delivered warm ${(w / 1e9).toFixed(1)}B, cold plan run ${(c / 1e9).toFixed(1)}B`);
}
console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
rmSync(dir, { recursive: true, force: true });
