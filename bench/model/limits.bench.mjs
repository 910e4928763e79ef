// Hostile scenario texts through loadScenarioText (issue 11): how long each takes and what it answers.
// Each case runs in a child process with a time cap, so a build with quadratic paths can be measured
// too: `node bench/model/limits.bench.mjs [--dist DIR] [--cap 60]` (DIR: a build's dist/, default ours).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { dist: { type: "string", default: new URL("../../dist", import.meta.url).pathname }, cap: { type: "string", default: "60" }, case: { type: "string" } } });

const CASES = {
  "170,000 keys (1.7 MB)": () => `name: x\n${Array.from({ length: 170_000 }, (_, i) => `k${i}: 1`).join("\n")}\n`,
  "16,000 keys (149 KB)": () => `name: x\n${Array.from({ length: 16_000 }, (_, i) => `k${i}: 1`).join("\n")}\n`,
  "170,000 repeated keys": () => `name: x\n${Array.from({ length: 170_000 }, (_, i) => `k${i % 500}: 1`).join("\n")}\n`,
  "flow list of 250,000 (2 MB)": () => `name: x\nsites: [${Array.from({ length: 250_000 }, (_, i) => i).join(",")}]\n`,
  "block lists 100,000 deep": () => `name: x\nsites:\n${"- ".repeat(100_000)}x\n`,
  "5,000 invalid sites": () => `name: x\ntitle: t\nhorizon: { start: 2026-01, periods: 12 }\nitems: [{ id: a, name: A, unit: u, valueUsd: 1 }]\nsites:\n${Array.from({ length: 5000 }, (_, i) => `  - { id: s${i}, name: S, operator: O, country: us, lat: 0, lon: 0 }`).join("\n")}\n`,
};

if (values.case) {
  // The child: one case, one load, one line of JSON.
  const { loadScenarioText } = await import(resolve(values.dist, "model/index.js"));
  const text = CASES[values.case]();
  const t0 = performance.now();
  let answer;
  try {
    const r = loadScenarioText(text);
    answer = r.ok ? "valid" : `${r.problems.length} problem(s); first: ${r.problems[0].message.slice(0, 70)}`;
  } catch (err) {
    answer = `threw ${err.message.slice(0, 70)}`;
  }
  console.log(JSON.stringify({ ms: performance.now() - t0, answer }));
} else {
  console.log(`build: ${values.dist}; cap ${values.cap} s per case`);
  for (const name of Object.keys(CASES)) {
    const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--dist", values.dist, "--case", name], { encoding: "utf8", timeout: Number(values.cap) * 1000 });
    const line = r.stdout.trim().split("\n").at(-1);
    if (r.error || !line) console.log(`${name.padEnd(30)} > ${values.cap} s (stopped)`);
    else {
      const { ms, answer } = JSON.parse(line);
      console.log(`${name.padEnd(30)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${answer}`);
    }
  }
}
