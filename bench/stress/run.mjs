// Stress sweep benchmark: TTS and TTR loss for every site of synthetic multi-tier networks.
// Usage: npm run build && node bench/stress/run.mjs [--sizes 10,25,50] [--repeat 3] [--threads 0,1,2] [--scope site] [--cold] [--tight]
// (threads 0 = in-process; 34 sites per size unit: --sizes 50 is the 1,700-site network)
import { availableParallelism } from "node:os";
import { loadScenarioText, normalize } from "../../dist/model/index.js";
import { stress } from "../../dist/stress/index.js";
import { stressInWorkers } from "../../dist/stress/stress.node.js";
import { stressScenario } from "./synthetic.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg("sizes", "10,25,50").split(",").map(Number);
const repeat = Number(arg("repeat", "3"));
const threadList = arg("threads", "1,2").split(",").map(Number);
const scope = arg("scope", "site");
const cold = process.argv.includes("--cold");
const tight = process.argv.includes("--tight");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`node ${process.version}, ${availableParallelism()} cores, scope ${scope}${cold ? ", cold starts" : ""}${tight ? ", tight network" : ""}`);
for (const p of sizes) {
  const loaded = loadScenarioText(JSON.stringify(stressScenario(p, 1, { tight })));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  const net = normalize(loaded.scenario);
  for (const threads of threadList) {
    const times = [];
    let r;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      r = threads === 0 ? await stress(net, { scope, warmStart: !cold }) : await stressInWorkers(net, { scope, warmStart: !cold }, threads);
      times.push((performance.now() - t0) / 1000);
      if (r.status !== "ok") throw new Error(r.message);
    }
    const flagged = r.nodes.filter((x) => x.flagged).length;
    console.log(
      `sites ${net.sites.length - 1}, stock points ${net.nodeItem.length}, lanes ${net.lanes.length}: ${r.nodes.length} scenarios, LP ${r.solver.numCols} cols x ${r.solver.numRows} rows (${r.solver.nonzeros} nz), ` +
        `${threads === 0 ? "in-process" : `${threads} thread(s)`}: median ${median(times).toFixed(2)} s of ${times.map((t) => t.toFixed(2)).join(", ")}; ${r.solver.solves} solves, ${r.solver.iterations} iterations, ${flagged} flagged; top ${r.nodes[0].id} (${r.nodes[0].lostValueUsd.toFixed(0)})`,
    );
  }
}
