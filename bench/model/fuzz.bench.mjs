// The long fuzz run: 10,000 random mutations of a shipped scenario through load + normalize, checking
// the same property as src/model/fuzz.test.ts. Prints mutations/s and every violation (with the
// mutations, to replay). `npx tsc -p tsconfig.json && node bench/model/fuzz.bench.mjs [--n N] [--seed S] [--file F]`
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as api from "../../dist/model/index.js";
import { applyMutation, randomMutation, rng, verdict } from "./mutate.mjs";

const { values } = parseArgs({ options: { n: { type: "string", default: "10000" }, seed: { type: "string", default: "20260101" }, file: { type: "string", default: "tutorial.yaml" } } });
const n = Number(values.n);
const base = readFileSync(join(import.meta.dirname, "../../scenarios", values.file), "utf8");
const rand = rng(Number(values.seed));
const counting = {
  ...api,
  loadScenarioText: (text) => {
    const r = api.loadScenarioText(text);
    if (r.ok) valid++;
    else problems += r.problems.length;
    return r;
  },
};
let valid = 0;
let problems = 0;
const violations = [];
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const ms = [randomMutation(rand)];
  while (rand() < 0.3 && ms.length < 4) ms.push(randomMutation(rand));
  const v = verdict(ms.reduce(applyMutation, base), counting);
  if (v !== null) violations.push({ i, mutations: ms, violation: v.slice(0, 500) });
}
const seconds = (performance.now() - t0) / 1000;
console.log(`${n} mutations of ${values.file} (seed ${values.seed}) in ${seconds.toFixed(1)} s: ${(n / seconds).toFixed(0)} mutations/s`);
console.log(`still valid: ${valid}; rejected with problems: ${n - valid - violations.length} (${problems} problems); violations: ${violations.length}`);
for (const v of violations.slice(0, 10)) console.log(JSON.stringify(v));
process.exitCode = violations.length ? 1 : 0;
