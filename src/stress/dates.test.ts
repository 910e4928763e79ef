// Which dates the run stress-tests besides the rule's: the first period of each calendar year in which
// the plan has anything planned. Checked on a hand-made plan over a horizon that spans three years.
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { type PlanView, yearStarts } from "./index.js";

// 2026-10 .. 2028-03: 18 months, the years start at index 0 (the horizon's first period), 3 (2027-01) and 15 (2028-01).
const TWO_SITES = `
name: years
title: three calendar years
horizon: { start: 2026-10, periods: 18 }
sites:
  - { id: S, name: supplier, operator: x, country: TW, lat: 0, lon: 0, role: fab }
  - { id: C, name: customer, operator: x, country: US, lat: 0, lon: 0, role: customer }
items:
  - { id: A, name: A, unit: u, valueUsd: 10 }
resources:
  - { id: s-line, site: S, name: s, unit: u, levels: [{ from: 2026-10, level: 10 }] }
operations:
  - { id: make-a, site: S, produces: { item: A }, uses: [{ resource: s-line, qty: 1 }] }
lanes:
  - { id: s-c, from: S, to: C, items: [A] }
demand:
  - { id: d, site: C, item: A, priceUsd: 20, schedule: [{ from: 2026-10, quantity: 10 }] }
`;

function net(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return normalize(r.scenario);
}

/** A plan of nothing but what `set` puts in. */
function planView(n: Network, set: (p: PlanView) => void, status = "optimal"): PlanView {
  const p: PlanView = {
    status,
    inventory: new Float64Array(n.T * n.items.length * n.sites.length),
    deliveries: new Float64Array(n.demands.length * n.T),
    starts: new Float64Array(n.operations.length * n.T),
    shipments: new Float64Array(n.arcFrom.length * n.T),
  };
  set(p);
  return p;
}

describe("yearStarts: the first period of each calendar year with anything planned", () => {
  const n = net(TWO_SITES);

  it("reads the years off the period labels: the horizon's first period, then each January", () => {
    expect(n.periods[0]).toBe("2026-10");
    expect(n.periods[3]).toBe("2027-01");
    expect(n.periods[15]).toBe("2028-01");
    const all = planView(n, (p) => {
      p.starts.fill(1);
    });
    expect(yearStarts(n, all)).toEqual([0, 3, 15]);
  });

  it("skips a year whose first period has nothing planned, and counts a start, a shipment or a delivery", () => {
    const T = n.T;
    // Nothing in 2026-10; a start in 2027-01 only; a delivery in 2028-01 only.
    const some = planView(n, (p) => {
      p.starts[0 * T + 3] = 5;
      p.deliveries[0 * T + 15] = 5;
      p.starts[0 * T + 1] = 5; // 2026-11 is not a year's start
    });
    expect(yearStarts(n, some)).toEqual([3, 15]);
    const shipped = planView(n, (p) => {
      p.shipments[0 * T + 0] = 2;
    });
    expect(yearStarts(n, shipped)).toEqual([0]);
  });

  it("has no dates without a usable plan", () => {
    expect(yearStarts(n, undefined)).toEqual([]);
    expect(yearStarts(n, planView(n, (p) => p.starts.fill(1), "infeasible"))).toEqual([]);
  });
});
