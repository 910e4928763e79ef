import { describe, expect, it } from "vitest";
import { loadScenarioText, normalize, type Problem, withExpansionSites } from "./index.js";

/** A two-site network (fab f with resource line, customer c) with `extra` YAML appended. */
const scenario = (extra: string) => `
name: x
title: x
horizon: { start: 2026-01, periods: 12 }
sites:
  - { id: f, name: F, operator: X, country: US, lat: 0, lon: 0 }
  - { id: c, name: C, operator: Y, country: US, lat: 0, lon: 0 }
items:
  - { id: w, name: W, unit: u, valueUsd: 10 }
resources:
  - { id: line, site: f, name: L, unit: u/month, levels: [{ from: 2026-01, level: 5 }] }
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }] }
lanes:
  - { id: f-c, from: f, to: c, items: [w] }
demand:
  - { id: d, site: c, item: w, priceUsd: 10, unbounded: true }
${extra}`;

const problems = (extra: string): string[] => {
  const r = loadScenarioText(scenario(extra));
  return r.ok ? [] : r.problems.map((p: Problem) => `${p.path.join(".")}: ${p.message}`);
};

describe("expansion options: checks", () => {
  it("a new site must copy a known site, and build on a resource that is at it", () => {
    expect(
      problems(`expansions:
  - { id: a, resource: line, newSite: { id: g, name: G, operator: Z, lat: 0, lon: 0, like: fx }, leadTime: 1, maxSize: 5, capexPerUnitUsd: 1 }
  - { id: b, resource: nope, newSite: { id: h, name: H, operator: Z, lat: 0, lon: 0, like: c }, leadTime: 1, maxSize: 5, capexPerUnitUsd: 1 }
  - { id: e, resource: line, newSite: { id: f, name: F2, operator: Z, lat: 0, lon: 0, like: f }, leadTime: 1, maxSize: 5, capexPerUnitUsd: 1 }`),
    ).toEqual([
      "expansions.0.newSite.like: unknown site 'fx'",
      "expansions.1.resource: a new site copies a resource of its `like` site 'c': that site has none, not 'nope'",
      "expansions.2.newSite.id: site 'f' exists already: a new site needs a new id",
    ]);
  });

  it("ranges in order, decision windows in order, free options explained, ids unique", () => {
    expect(
      problems(`expansions:
  - { id: a, resource: line, capexPerUnitUsd: { low: 3, central: 2, high: 4 }, leadTime: 1, maxSize: 5 }
  - { id: a, resource: line, capexPerUnitUsd: 1, leadTime: 1, maxSize: 5, earliestDecision: 2026-05, latestDecision: 2026-03 }
  - { id: b, resource: line, leadTime: 1, maxSize: 5 }`),
    ).toEqual([
      "expansions.0.capexPerUnitUsd: a range needs low <= central <= high (got 3, 2, 4)",
      "expansions.1.id: duplicate id 'a' (first at expansions.0)",
      "expansions.1.latestDecision: 2026-03 is before the earliest decision 2026-05",
      "expansions.2: an option with no capital cost needs an `assumption` saying why it is free",
    ]);
  });
});

describe("expansion options: normalized", () => {
  it("in period indexes and central figures, with the range's bounds", () => {
    const r = loadScenarioText(
      scenario(`expansions:
  - { id: a, resource: line, capexPerUnitUsd: { low: 1, central: 2, high: 4 }, fixedCapexUsd: 7, leadTime: 3, ramp: { periods: 2, shape: s-curve }, earliestDecision: 2026-02, maxSize: 6, moduleSize: 2, assumption: x }`),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(normalize(r.scenario).expansions).toEqual([
      {
        id: "a",
        name: "a",
        resource: 0,
        capexPerUnitUsd: 2,
        capexPerUnitRange: [1, 4],
        fixedCapexUsd: 7,
        fixedCapexRange: [7, 7],
        leadTime: 3,
        rampPeriods: 2,
        rampShape: "s-curve",
        earliest: 1,
        latest: 11,
        maxSize: 6,
        moduleSize: 2,
        newSite: null,
      },
    ]);
  });

  it("a new site: the copy of its like site, and the option on the copy of the resource", () => {
    const r = loadScenarioText(
      scenario(`expansions:
  - { id: g-line, resource: line, newSite: { id: g, name: G, operator: Z, lat: 1, lon: 2, like: f }, capexPerUnitUsd: 1, leadTime: 1, maxSize: 5 }
  - { id: g-more, resource: g.line, capexPerUnitUsd: 2, leadTime: 4, maxSize: 5 }`),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const s = withExpansionSites(r.scenario);
    expect(s.sites.at(-1)).toMatchObject({ id: "g", name: "G", operator: "Z", country: "US", lat: 1, lon: 2 });
    expect(s.resources.at(-1)).toMatchObject({ id: "g.line", site: "g", unit: "u/month", levels: [], ramps: [] });
    expect(s.operations.at(-1)).toMatchObject({ id: "g.make", site: "g", uses: [{ resource: "g.line", qty: 1 }] });
    expect(s.lanes.at(-1)).toMatchObject({ id: "g.f-c", from: "g", to: "c" });
    // The scenario as it stands is untouched, and its network has no option on a site that is not there.
    expect(r.scenario.sites).toHaveLength(2);
    expect(normalize(r.scenario).expansions).toEqual([]);
    const n = normalize(s);
    expect(n.expansions.map((e) => [e.id, n.resources[e.resource].id, e.newSite])).toEqual([
      ["g-line", "g.line", "g"],
      ["g-more", "g.line", null],
    ]);
    // Zero capacity until built.
    expect(Array.from(n.capacity.subarray(n.T, 2 * n.T)).every((v) => v === 0)).toBe(true);
  });
});
