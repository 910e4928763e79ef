// Plan LP benchmark: build + solve (HiGHS WebAssembly, in-process) on synthetic networks, writing the
// same LP as MPS for the native side (scipy's HiGHS, bench/plan/native.py). Run after `npm run build`:
//   node bench/plan/run.mjs [perTier...]     e.g. node bench/plan/run.mjs 20 200 1000
import { writeFileSync, mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { normalize, scenarioSchema } from "../../dist/model/index.js";
import { buildLp, solveLp, writeMps, lpNames } from "../../dist/plan/index.js";
import { synthetic } from "./synthetic.mjs";

const sizes = process.argv.slice(2).map(Number);
const reps = Number(process.env.REPS ?? 3);
mkdirSync("bench/plan/out", { recursive: true });
for (const perTier of sizes.length ? sizes : [20, 200]) {
  const net = normalize(scenarioSchema.parse(synthetic({ perTier, periods: 48 })));
  let t = performance.now();
  const { model, layout } = buildLp(net, { objective: "max-value" });
  const buildMs = performance.now() - t;
  const file = `bench/plan/out/synthetic-${perTier}.mps`;
  writeFileSync(file, writeMps({ ...model, ...lpNames(net, layout) }, net.name));
  const solves = [];
  let sol;
  for (let r = 0; r < reps; r++) {
    t = performance.now();
    sol = await solveLp(model);
    solves.push({ wall: (performance.now() - t) / 1000, highs: sol.solveSeconds });
  }
  const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(JSON.stringify({ perTier, cols: model.numCols, rows: model.numRows, nonzeros: model.values.length, buildMs: +buildMs.toFixed(1), status: sol.status, objective: sol.objectiveValue, iterations: sol.iterations, solveWallMedianS: +med(solves.map((s) => s.wall)).toFixed(3), solveHighsMedianS: +med(solves.map((s) => s.highs)).toFixed(3), mps: file }));
}
