// Investment planning benchmark (after `npm run build`):
//   node bench/invest/run.mjs default [--repeat 5]            the default scenario end to end (CLI process), one solve and the 10-point frontier
//   node bench/invest/run.mjs synthetic [--sizes 50] [--periods 6] [--repeat 3] [--gap 0.01]
//                                                             a synthetic network (34 sites per size unit: 50 = 1,700 sites) with
//                                                             200 options (50 integer): our MIP (HiGHS in WebAssembly) against
//                                                             native CBC on the same MPS, both to the same relative gap
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { loadScenarioText, normalize } from "../../dist/model/index.js";
import { invest, investMps } from "../../dist/plan/index.js";
import { investScenario } from "./synthetic.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const what = process.argv[2] ?? "default";
const repeat = Number(arg("repeat", what === "default" ? "5" : "3"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
console.log(`node ${process.version}; load average at start ${load()}`);

if (what === "default") {
  for (const args of [["invest", "--json"], ["invest", "--frontier", "--json"]]) {
    const times = [];
    const cpu = [];
    let doc;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      // GNU time reports the process's CPU (user + system) on stderr: less at the mercy of other load than wall time.
      const r = spawnSync("/usr/bin/time", ["-f", "cpu %U %S", "node", "bin/waferline.js", ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
      times.push((performance.now() - t0) / 1000);
      if (r.status !== 0) throw new Error(r.stderr);
      const m = /cpu (\S+) (\S+)/.exec(r.stderr);
      cpu.push(Number(m?.[1]) + Number(m?.[2]));
      doc = JSON.parse(r.stdout);
    }
    console.log(
      `waferline ${args.join(" ")}: wall median ${median(times).toFixed(2)} s of ${times.map((t) => t.toFixed(2)).join(", ")}; CPU median ${median(cpu).toFixed(2)} s; ` +
        `status ${doc.status}, capital ${(doc.capexUsd / 1e6).toFixed(1)}M, ${doc.solver.solves} solves, HiGHS ${doc.solver.solveSeconds.toFixed(2)} s, model ${doc.solver.numCols} x ${doc.solver.numRows} (${doc.solver.integerCols} integer); load ${load()}`,
    );
  }
} else {
  const sizes = arg("sizes", "50").split(",").map(Number);
  const periods = Number(arg("periods", "6"));
  const gap = Number(arg("gap", "0.01"));
  mkdirSync("bench/invest/out", { recursive: true });
  for (const p of sizes) {
    // First the most the network makes with nothing built and with every option in full, then a target halfway between.
    const probeNet = net(p, periods, 1);
    const probe = await invest(probeNet, { targetUsd: 1 });
    const targetUsd = Math.round(probe.baselineValueUsd + 0.5 * (probe.maxReachableUsd - probe.baselineValueUsd));
    const n = net(p, periods, targetUsd);
    const file = `bench/invest/out/synthetic-${p}x${periods}.mps`;
    writeFileSync(file, investMps(n));
    console.log(`synthetic ${p}: ${n.sites.length} sites, ${n.expansions.length} options (${n.expansions.filter((e) => e.moduleSize !== null).length} in modules), ${periods} periods; target ${targetUsd} between ${probe.baselineValueUsd.toFixed(0)} (nothing built) and ${probe.maxReachableUsd.toFixed(0)} (every option in full); MPS ${file}`);
    const ours = [];
    const oursMain = [];
    const theirs = [];
    const theirsOwn = [];
    let r;
    let cbcObjective = Number.NaN;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      r = await invest(n, { mipRelGap: gap });
      ours.push((performance.now() - t0) / 1000);
      oursMain.push(r.solver.mainSeconds);
      const t1 = performance.now();
      const c = spawnSync("cbc", [file, "ratio", String(gap), "solve"], { encoding: "utf8", maxBuffer: 1 << 26 });
      theirs.push((performance.now() - t1) / 1000);
      cbcObjective = Number(/Objective value:\s+(\S+)/.exec(c.stdout)?.[1]);
      // CBC's own clock, from reading the MPS to the end (the process also starts and exits around it).
      theirsOwn.push(Number(/Total time \(CPU seconds\):\s+\S+\s+\(Wallclock seconds\):\s+(\S+)/.exec(c.stdout)?.[1]));
    }
    const m = median(oursMain);
    const c = median(theirs);
    console.log(
      `  ours (HiGHS ${"WebAssembly"}): the MIP median ${m.toFixed(2)} s of ${oursMain.map((t) => t.toFixed(2)).join(", ")}; whole invest() ${median(ours).toFixed(2)} s (reach LP, the MIP, the reached re-solve); ` +
        `${r.status}, objective ${r.objectiveValue?.toFixed(2)}, gap ${((r.mipGap ?? 0) * 100).toFixed(3)}%, capital ${r.capexUsd.toFixed(0)}, ${r.builds.length} builds; model ${r.solver.numCols} x ${r.solver.numRows}, ${r.solver.nonzeros} nonzeros, ${r.solver.integerCols} integer`,
    );
    console.log(`  cbc 2.10 (native, reads the MPS): median ${c.toFixed(2)} s of ${theirs.map((t) => t.toFixed(2)).join(", ")} (process); its own clock ${median(theirsOwn).toFixed(2)} s; objective ${cbcObjective.toFixed(2)}`);
    console.log(`  ratio ours/cbc: ${(m / median(theirsOwn)).toFixed(2)}x (the MIP against CBC's own clock), ${(median(ours) / c).toFixed(2)}x (whole invest() against the CBC process); objectives differ by ${(Math.abs((r.objectiveValue ?? 0) - cbcObjective) / Math.abs(cbcObjective) * 100).toFixed(3)}%; load ${load()}`);
  }
}

function net(p, periods, targetUsd) {
  const l = loadScenarioText(JSON.stringify(investScenario(p, { periods, targetUsd })));
  if (!l.ok) throw new Error(JSON.stringify(l.problems.slice(0, 3)));
  return normalize(l.scenario);
}
