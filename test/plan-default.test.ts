// The default scenario's plan, read as an analyst would: no end-of-horizon artefacts, no production
// that flips between nothing and full capacity where a steady plan is as good, HBM among the limits.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../src/model/index.js";
import { type PlanResult, plan } from "../src/plan/index.js";

const root = new URL("..", import.meta.url).pathname;
let net: Network;
let p: PlanResult;
let rough: PlanResult;

beforeAll(async () => {
  const r = loadScenarioText(readFileSync(`${root}scenarios/us-ai-onshoring-2025.yaml`, "utf8"));
  if (!r.ok) throw new Error("the default scenario does not load");
  net = normalize(r.scenario);
  p = await plan(net);
  rough = await plan(net, { smoothing: false, limitCandidates: 0 });
}, 120_000);

/** Use of each resource per period, from the plan's starts. */
function use(q: PlanResult): Float64Array[] {
  const { T } = net;
  const out = net.resources.map(() => new Float64Array(T));
  for (let o = 0; o < net.operations.length; o++) {
    for (let k = net.opResStart[o]; k < net.opResStart[o + 1]; k++) for (let t = 0; t < T; t++) out[net.opRes[k]][t] += q.starts[o * T + t] * net.opResQty[k];
  }
  return out;
}

describe("the default scenario's plan", () => {
  it("keeps every resource working in the last three months when it worked the three before (demand goes on)", () => {
    const { T } = net;
    const u = use(p);
    net.resources.forEach((res, r) => {
      const before = u[r].subarray(T - 6, T - 3).reduce((a, b) => a + b, 0);
      if (before <= 0) return;
      for (let t = T - 3; t < T; t++) expect(u[r][t], `${res.id} in ${net.periods[t]}`).toBeGreaterThan(0);
    });
  });

  it("does not flip between idle and full capacity from month to month", () => {
    const { T } = net;
    const u = use(p);
    net.resources.forEach((res, r) => {
      for (let t = 1; t + 1 < T; t++) {
        const cap = (k: number) => net.capacity[r * T + k];
        const full = (k: number) => cap(k) > 0 && u[r][k] >= 0.99 * cap(k);
        const idle = (k: number) => cap(k) > 0 && u[r][k] <= 0.01 * cap(k);
        const flip = (idle(t - 1) && full(t) && idle(t + 1)) || (full(t - 1) && idle(t) && full(t + 1));
        expect(flip, `${res.id} around ${net.periods[t]}`).toBe(false);
      }
    });
  });

  it("pays at most 0.01% of its value for the steadiness", () => {
    // Value less costs of the same max-target plan with and without the tie-break.
    const value = (q: PlanResult) => q.kpis.deliveredValueUsd - q.kpis.productionCostUsd - q.kpis.transportCostUsd - q.kpis.tariffUsd - q.kpis.holdingCostUsd;
    expect(Math.abs(value(p) - value(rough)) / value(rough)).toBeLessThan(1e-4);
    expect(p.targets[0].madeValueUsd).toBeCloseTo(rough.targets[0].madeValueUsd, -3);
  });

  it("lists HBM among what limits total output, and no plant before it opens", () => {
    expect(p.limits.total.some((l) => l.resource.includes("hbm"))).toBe(true);
    for (const b of p.bottlenecks) expect(b.capacity).toBeGreaterThan(0);
  });
});
