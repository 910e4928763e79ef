// Simulator benchmark, JS side: builds the benchmark network, writes it for the C and numpy references
// (out/input.txt), times the JS kernel on the same trials, and times whole runs (1 vs 2 threads).
// Usage: node bench/sim/bench.mjs kernel|scaling [trials] [repeats]   (after `npx tsc -p tsconfig.json`)
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadScenarioText, normalize } from "../../dist/model/index.js";
import { SimKernel } from "../../dist/sim/index.js";
import { autoThreads, simulateParallel } from "../../dist/sim/parallel.node.js";

const here = dirname(fileURLToPath(import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** C parallel chains wafer -> GPU -> server over 48 months, every resource and yield uncertain. */
function chainsScenario(C = 16, T = 48) {
  const sites = [{ id: "dc", name: "DC", operator: "x", country: "US", lat: 0, lon: 0 }];
  const resources = [];
  const operations = [];
  const lanes = [];
  const uncertain = [];
  for (let i = 0; i < C; i++) {
    const country = i % 2 === 0 ? "US" : "TW";
    for (const kind of ["fab", "pkg", "asm"]) sites.push({ id: `${kind}${i}`, name: `${kind} ${i}`, operator: "x", country, lat: 0, lon: 0 });
    resources.push(
      { id: `fab${i}-cap`, site: `fab${i}`, name: "wafers", unit: "wafers", levels: [{ from: "2026-01", level: 100 }], ramps: [{ start: "2026-06", periods: 12, from: 100, to: 300 }] },
      { id: `pkg${i}-cap`, site: `pkg${i}`, name: "packages", unit: "packages", levels: [{ from: "2026-01", level: 300 + 10 * i }] },
      { id: `asm${i}-cap`, site: `asm${i}`, name: "servers", unit: "servers", levels: [{ from: "2026-01", level: 30 + i }] },
    );
    operations.push(
      { id: `wafer${i}`, site: `fab${i}`, produces: { item: "wafer" }, uses: [{ resource: `fab${i}-cap`, qty: 1 }], leadTime: 2, yield: { start: 0.5, mature: 0.9, from: "2026-01", periods: 12 } },
      { id: `gpu${i}`, site: `pkg${i}`, produces: { item: "gpu" }, consumes: [{ item: "wafer", qty: 0.05 }], uses: [{ resource: `pkg${i}-cap`, qty: 1 }], leadTime: 1, yield: 0.95 },
      { id: `server${i}`, site: `asm${i}`, produces: { item: "server" }, consumes: [{ item: "gpu", qty: 8 }], uses: [{ resource: `asm${i}-cap`, qty: 1 }], leadTime: 1 },
    );
    lanes.push(
      { id: `w${i}`, from: `fab${i}`, to: `pkg${i}`, items: ["wafer"], transit: 1 },
      { id: `g${i}`, from: `pkg${i}`, to: `asm${i}`, items: ["gpu"], transit: 1, capacity: 400 },
      { id: `s${i}`, from: `asm${i}`, to: "dc", items: ["server"], transit: 0 },
    );
    for (const r of [`fab${i}-cap`, `pkg${i}-cap`, `asm${i}-cap`]) uncertain.push({ id: `u-${r}`, on: { resource: r }, parameter: "capacity", distribution: { type: "uniform", min: 0.8, max: 1.2 } });
    for (const o of [`wafer${i}`, `gpu${i}`, `server${i}`]) uncertain.push({ id: `y-${o}`, on: { operation: o }, parameter: "yield", distribution: { type: "uniform", min: 0.9, max: 1 } });
  }
  return {
    name: "bench-chains",
    title: `${C} wafer-to-server chains`,
    seed: 1,
    horizon: { start: "2026-01", periods: T },
    sites,
    items: [
      { id: "wafer", name: "wafer", unit: "wafer", valueUsd: 20000 },
      { id: "gpu", name: "gpu", unit: "gpu", valueUsd: 30000 },
      { id: "server", name: "server", unit: "server", valueUsd: 300000 },
    ],
    resources,
    operations,
    lanes,
    demand: [{ id: "servers", site: "dc", item: "server", priceUsd: 400000, schedule: [{ from: "2026-01", quantity: 25 * C }] }],
    targets: [{ id: "t", description: "servers in the US", item: "server", countries: ["US"], valueUsd: 1e9, by: "2029-12" }],
    milestones: [{ id: "m", description: "20 a month", item: "server", countries: ["US"], quantityPerPeriod: 20 }],
    uncertainty: { parameters: uncertain, disruptions: [] },
  };
}

function load(text) {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return normalize(r.scenario);
}

function writeInput(net, file, trials, repeats) {
  const O = net.operations.length;
  const kernel = new SimKernel(net, { policy: "greedy" });
  const demandOrder = net.demands.map((_, d) => d).sort((a, b) => net.demands[a].priority - net.demands[b].priority || a - b);
  const inf = (x) => (x === Number.POSITIVE_INFINITY ? -1 : x);
  const parts = [
    [net.T, net.nodeItem.length, O, net.arcLane.length, net.lanes.length, net.resources.length, net.demands.length, net.uncertain.length, net.seed, trials, repeats],
    net.initialStock, net.capacity, net.opOutNode, net.opOutQty, net.opInStart, net.opInNode, net.opInQty, net.opResStart, net.opRes, net.opResQty,
    // Value added per good unit (the kernel's content weights; the C and numpy checksums of value added are not compared).
    net.opLeadTime, net.opYield, kernel.allGood, net.operations.map((op) => net.siteOnshore[op.site]),
    net.arcLane, net.arcFrom, net.arcTo, net.arcTransit, net.arcBanned,
    net.lanes.map((l) => inf(l.capacity)), net.demandNode, Array.from(net.demandQty, inf), net.demandPrice,
    kernel.order, demandOrder,
    net.uncertain.map((u) => {
      if (u.distribution.type !== "uniform" || !(u.parameter === "capacity" && u.on === "resource") && u.parameter !== "yield") throw new Error("the references support uniform capacity and yield multipliers only");
      return `${u.parameter === "capacity" ? 0 : 2} ${u.index} ${u.distribution.min} ${u.distribution.max}`;
    }),
  ];
  mkdirSync(dirname(file), { recursive: true });
  // %.17g-equivalent: JS prints the shortest string that round-trips, so C and numpy read the same doubles.
  writeFileSync(file, `${parts.map((p) => Array.from(p).map(String).join(" ")).join("\n")}\n`);
}

function benchKernel(net, trials, repeats) {
  const kernel = new SimKernel(net, { policy: "greedy" });
  const times = [];
  let delivered = 0;
  let va = 0;
  let bound = 0;
  for (let rep = 0; rep < repeats; rep++) {
    delivered = 0;
    va = 0;
    bound = 0;
    const t0 = performance.now();
    // As the simulator runs it (simulate.ts's runChunk): trials side by side in batches.
    for (let i = 0; i < trials; i += kernel.batchSize) {
      const n = Math.min(kernel.batchSize, trials - i);
      kernel.runBatch(net.seed, i, n);
      for (let b = 0; b < n; b++) {
        kernel.load(b);
        delivered += kernel.deliveredValue;
        va += kernel.totalValueAdded + kernel.onshoreValueAdded;
        for (let r = 0; r < kernel.boundPeriods.length; r++) bound += kernel.boundPeriods[r];
      }
    }
    times.push((performance.now() - t0) / 1000);
  }
  for (const [rep, s] of times.entries()) console.log(JSON.stringify({ impl: "js", rep, seconds: s }));
  console.log(JSON.stringify({ impl: "js", checksumDelivered: delivered, checksumValueAdded: va, checksumBound: bound }));
}

const [mode = "kernel", trialsArg, repeatsArg] = process.argv.slice(2);
if (mode === "kernel") {
  const trials = Number(trialsArg ?? 20000);
  const repeats = Number(repeatsArg ?? 5);
  const net = load(JSON.stringify(chainsScenario()));
  writeInput(net, join(here, "out/input.txt"), trials, repeats);
  console.log(JSON.stringify({ network: net.name, T: net.T, operations: net.operations.length, arcs: net.arcLane.length, trials, updatesPerTrial: net.T * net.operations.length }));
  benchKernel(net, trials, repeats);
} else if (mode === "scaling") {
  // Whole runs (draws, kernel, streaming aggregation, workers) on the default scenario, or the tutorial while it is absent.
  const trials = Number(trialsArg ?? 10000);
  const repeats = Number(repeatsArg ?? 5);
  const file = ["us-ai-onshoring-2025", "tutorial"].map((n) => join(here, `../../scenarios/${n}.yaml`)).find(existsSync);
  const runs = [{ name: file.split("/").pop(), net: load(readFileSync(file, "utf8")) }, { name: "bench-chains", net: load(JSON.stringify(chainsScenario())) }];
  for (const { name, net } of runs) {
    const out = {};
    // "auto": the threads a run chooses when none is asked for (by the work's size and the free cores, at each repeat).
    const chosen = [];
    for (const threads of [1, 2, "auto"]) {
      const times = [];
      let json = "";
      for (let rep = 0; rep < repeats; rep++) {
        const t0 = performance.now();
        const n = threads === "auto" ? autoThreads(net, trials) : threads;
        if (threads === "auto") chosen.push(n);
        const res = await simulateParallel(net, { trials, threads: n, policy: "greedy" });
        times.push((performance.now() - t0) / 1000);
        json = JSON.stringify(res);
      }
      out[threads] = { median: median(times), times, json };
    }
    console.log(
      JSON.stringify({
        scenario: name,
        T: net.T,
        operations: net.operations.length,
        trials,
        seconds1: out[1].median,
        seconds2: out[2].median,
        secondsAuto: out.auto.median,
        autoThreads: chosen,
        speedup: out[1].median / out[2].median,
        speedupAuto: out[1].median / out.auto.median,
        identical: out[1].json === out[2].json && out[1].json === out.auto.json,
        times1: out[1].times,
        times2: out[2].times,
      }),
    );
  }
}
