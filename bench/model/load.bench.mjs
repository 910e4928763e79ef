// Load + validate + normalize a synthetic 2,000-site / 20,000-operation scenario, as YAML and as JSON.
// Goal (issue 2): under 1 s. Run after a build: `npx tsc -p tsconfig.json && node bench/model/load.bench.mjs`.
// Options: --runs N (default 5), --sites N, --operations N.
import os from "node:os";
import { parseArgs } from "node:util";
import { loadScenarioText, normalize } from "../../dist/model/index.js";
import { syntheticText } from "./synthetic.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, sites: { type: "string", default: "2000" }, operations: { type: "string", default: "20000" } } });
const runs = Number(values.runs);
const size = { sites: Number(values.sites), operations: Number(values.operations) };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(`synthetic scenario: ${size.sites} sites, ${size.operations} operations; ${runs} timed runs after one warm-up`);
for (const format of ["json", "yaml"]) {
  const text = syntheticText(format, size);
  const load = [];
  const norm = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = loadScenarioText(text);
    const t1 = performance.now();
    if (!r.ok) throw new Error(`synthetic ${format} is invalid: ${JSON.stringify(r.problems.slice(0, 3))}`);
    const net = normalize(r.scenario);
    const t2 = performance.now();
    if (net.operations.length !== size.operations) throw new Error("wrong operation count");
    if (i > 0) {
      load.push(t1 - t0);
      norm.push(t2 - t1);
    }
  }
  const total = load.map((x, i) => x + norm[i]);
  console.log(
    `${format.padEnd(4)} ${(text.length / 1e6).toFixed(1)} MB: load+validate median ${median(load).toFixed(0)} ms, normalize ${median(norm).toFixed(0)} ms, ` +
      `total median ${median(total).toFixed(0)} ms (min ${Math.min(...total).toFixed(0)}, max ${Math.max(...total).toFixed(0)})`,
  );
}
