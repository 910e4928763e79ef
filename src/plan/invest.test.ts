import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize, withExpansionSites } from "../model/index.js";
import { invest, investMps, mergeFrontiers } from "./invest.js";
import { plan } from "./plan.js";

function net(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")}: ${p.message}`).join("\n"));
  return normalize(withExpansionSites(r.scenario));
}

/**
 * Two US sites, each with a rack line that has no capacity yet; racks sell for $1,000 and cost nothing
 * to make, so the target's measure is $1,000 per rack made by its date. 24 months from 2026-01.
 * - slow: at site a, $100 per rack/month of capacity, 12 months from decision to first output;
 * - fast: at site b, $300 per rack/month, 2 months.
 */
const twoSites = (target: { usd: number; by: string }, fast = ", maxSize: 60", slow = ", maxSize: 1000") => `
name: toy
title: two sites
horizon: { start: 2026-01, periods: 24 }
sites:
  - { id: a, name: A, operator: X, country: US, lat: 0, lon: 0 }
  - { id: b, name: B, operator: Y, country: US, lat: 0, lon: 0 }
items:
  - { id: rack, name: Rack, unit: rack, valueUsd: 1000 }
resources:
  - { id: line-a, site: a, name: Line A, unit: racks/month }
  - { id: line-b, site: b, name: Line B, unit: racks/month }
operations:
  - { id: make-a, site: a, produces: { item: rack }, uses: [{ resource: line-a, qty: 1 }] }
  - { id: make-b, site: b, produces: { item: rack }, uses: [{ resource: line-b, qty: 1 }] }
demand:
  - { id: da, site: a, item: rack, priceUsd: 1000, unbounded: true }
  - { id: db, site: b, item: rack, priceUsd: 1000, unbounded: true }
targets:
  - { id: t, description: racks, item: rack, countries: [US], valueUsd: ${target.usd}, by: ${target.by} }
expansions:
  - { id: slow, resource: line-a, capexPerUnitUsd: 100, leadTime: 12, assumption: toy${slow} }
  - { id: fast, resource: line-b, capexPerUnitUsd: 300, leadTime: 2, assumption: toy${fast} }
`;

describe("invest: known answers", () => {
  it("the cheap option misses the date, so the dear one is built: 60 racks/month x $300", async () => {
    // By 2026-12: slow's first output is 2027-01, too late. fast decided 2026-01 produces from 2026-03,
    // 10 months: 600 racks need 60 a month, $300 x 60 = $18,000 (and no operating cost).
    const r = await invest(net(twoSites({ usd: 600_000, by: "2026-12" })));
    expect(r.status).toBe("optimal");
    expect(r.mip).toBe(false);
    expect(r.mipGap).toBeNull();
    expect(r.capexUsd).toBeCloseTo(18_000, 4);
    // The objective is capital less the tie-break toward making more of the target (net of operating cost, 0 here).
    expect(r.objectiveValue).toBeCloseTo(18_000 - 1e-6 * 600_000, 4);
    expect(r.builds).toEqual([expect.objectContaining({ option: "fast", resource: "line-b", site: "b", country: "US", decision: "2026-01", decideBy: "2026-01", firstOutput: "2026-03", size: expect.closeTo(60, 6), modules: null })]);
    expect(r.reachedValueUsd).toBeCloseTo(600_000, 2);
    expect(r.met).toBe(true);
    // With every option in full: fast 60 x 10 months (slow adds nothing by 2026-12).
    expect(r.maxReachableUsd).toBeCloseTo(600_000, 2);
    expect(r.notes.join()).toMatch(/slow: .*2027-01.*cannot count/);
  });

  it("a year later the cheap option wins: 50 racks/month x $100", async () => {
    // By 2027-12: slow gives 12 months of output, 600 / 12 = 50 a month, $5,000; fast would need
    // 600 / 22 = 27.3 a month, $8,182. Per rack of output slow costs $100/12, fast $300/22.
    const r = await invest(net(twoSites({ usd: 600_000, by: "2027-12" })));
    expect(r.status).toBe("optimal");
    expect(r.capexUsd).toBeCloseTo(5_000, 4);
    expect(r.builds).toEqual([expect.objectContaining({ option: "slow", decision: "2026-01", firstOutput: "2027-01", size: expect.closeTo(50, 6) })]);
  });

  it("a ramp after first output: linear over 4 months gives 8 months of full output from 10", async () => {
    // Ramp shares 1/8, 3/8, 5/8, 7/8, then 1: 2026-03..12 sum to 0.125 + 0.375 + 0.625 + 0.875 + 6 = 8.
    // 600 racks / 8 = 75 a month: $22,500.
    const r = await invest(net(twoSites({ usd: 600_000, by: "2026-12" }, ", ramp: { periods: 4 }, maxSize: 100")));
    expect(r.capexUsd).toBeCloseTo(22_500, 3);
    expect(r.builds[0]).toMatchObject({ option: "fast", firstOutput: "2026-03", fullOutput: "2026-06" });
    expect(r.builds[0].size).toBeCloseTo(75, 6);
  });

  it("integer modules and a fixed cost: the MIP and its LP relaxation differ, both as derived by hand", async () => {
    // fast in modules of 25 racks/month with a fixed $5,000 per build, up to 100.
    // LP relaxation: 2.4 modules (60/month) = $18,000, and the fixed cost pro rata 60/100 x $5,000 = $3,000: $21,000.
    // MIP: 3 whole modules (75/month) = $22,500 plus one build's $5,000: $27,500 (two builds would pay it twice).
    const n = net(twoSites({ usd: 600_000, by: "2026-12" }, ", moduleSize: 25, fixedCapexUsd: 5000, maxSize: 100"));
    const lp = await invest(n, { relax: true });
    expect(lp.mip).toBe(false);
    expect(lp.capexUsd).toBeCloseTo(21_000, 3);
    expect(lp.builds[0].modules).toBeCloseTo(2.4, 6);
    expect(lp.objectiveValue).toBeCloseTo(21_000 - 1e-6 * 600_000, 3);
    const mip = await invest(n, { mipRelGap: 0 });
    expect(mip.mip).toBe(true);
    expect(mip.status).toBe("optimal");
    expect(mip.objectiveValue).toBeCloseTo(27_500 - 1e-6 * 750_000, 3);
    expect(mip.capexUsd).toBeCloseTo(27_500, 3);
    expect(mip.mipGap).toBeLessThanOrEqual(1e-9);
    expect(mip.builds).toHaveLength(1);
    expect(mip.builds[0]).toMatchObject({ option: "fast", modules: 3, size: 75, decision: "2026-01" });
    // 75 a month needs 8 months of output for 600 racks: first output by 2026-05, so decided by 2026-03.
    expect(mip.builds[0].decideBy).toBe("2026-03");
    // 75 racks a month from 2026-03: the network with these builds can make 750 by 2026-12.
    expect(mip.reachedValueUsd).toBeCloseTo(750_000, 2);
  });

  it("a budget: the most of the target for the money", async () => {
    // $9,000 buys 30 racks/month of fast (slow is too late): 300 racks by 2026-12.
    const r = await invest(net(twoSites({ usd: 600_000, by: "2026-12" })), { budgetUsd: 9_000 });
    expect(r.mode).toBe("max-target");
    expect(r.status).toBe("optimal");
    expect(r.reachedValueUsd).toBeCloseTo(300_000, 1);
    expect(r.capexUsd).toBeCloseTo(9_000, 3);
    expect(r.met).toBe(false);
  });

  it("an unreachable target is a result: the lead times that block it and when it becomes reachable", async () => {
    // By 2026-06 fast makes at most 60 x 4 months (2026-03..06) = 240 racks: $240,000 < $600,000.
    // 60 x (months from 2026-03) >= 600 first holds with 10 months: reachable from 2026-12.
    const r = await invest(net(twoSites({ usd: 600_000, by: "2026-06" })), { frontier: true });
    expect(r.status).toBe("unreachable");
    expect(r.maxReachableUsd).toBeCloseTo(240_000, 2);
    expect(r.reachableFrom).toBe("2026-12");
    expect(r.builds).toEqual([]);
    const slow = r.blockedBy.find((b) => b.option === "slow");
    // Without its 12-month lead time slow (1,000 a month from 2026-01) would add 6,000 racks.
    expect(slow).toMatchObject({ kind: "leadTime", reachableFrom: "2026-12" });
    expect(slow?.gainUsd).toBeCloseTo(6_000_000, 0);
    expect(slow?.reason).toMatch(/lead time of 12 months.*2026-01.*first output is 2027-01.*none of it can produce by 2026-06/);
    // fast: without its lead time 6 months x 60 = 360 (+120 racks); at twice its size 480 (+240).
    const fast = r.blockedBy.filter((b) => b.option === "fast");
    expect(fast.map((b) => [b.kind, Math.round(b.gainUsd)])).toEqual([
      ["maxSize", 240_000],
      ["leadTime", 120_000],
    ]);
    expect(fast[1].reason).toMatch(/no capacity decided after 2026-04 produces by 2026-06/);
    // What it would take by 2026-12: fast in full, $18,000.
    expect(r.whenReachable?.by).toBe("2026-12");
    expect(r.whenReachable?.capexUsd).toBeCloseTo(18_000, 3);
    // The frontier still has the reachable shares: 60% of $600,000 = 360 racks is beyond 240 too.
    expect(r.frontier.every((p) => p.capexUsd === null && p.status === "unreachable")).toBe(true);
  });

  it("the frontier: capital per share of the target, with the marginal capital per extra $1B", async () => {
    // By 2027-12 only slow is used up to its cheap rate: capex = target racks / 12 x $100, linear in the
    // target: $100 / 12 per rack, i.e. $8,333.33 per $1M of racks or $8.33M per extra $1B.
    const r = await invest(net(twoSites({ usd: 600_000, by: "2027-12" })), { frontier: true });
    expect(r.frontier.map((p) => p.share)).toEqual([0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5]);
    for (const p of r.frontier) {
      expect(p.status).toBe("optimal");
      expect(p.capexUsd).toBeCloseTo(((p.targetValueUsd / 1000) * 100) / 12, 3);
    }
    expect(r.frontier[0].marginalCapexPerBillionUsd).toBeNull();
    for (const p of r.frontier.slice(1)) expect(p.marginalCapexPerBillionUsd).toBeCloseTo((1e9 / 1000) * (100 / 12), 0);
  });

  it("a MIP frontier traced in two parts (as two threads do) is the frontier traced in one", async () => {
    // fast in modules of 25 racks/month plus $5,000 a build; by 2026-12 only fast counts (slow's first
    // output is 2027-01), decided 2026-01, first output 2026-03: 10 months. A share s of 600 racks needs
    // 60 s a month: ceil(60 s / 25) modules at 25 x $300 each, plus the one build's $5,000.
    const n = net(twoSites({ usd: 600_000, by: "2026-12" }, ", moduleSize: 25, fixedCapexUsd: 5000, maxSize: 100"));
    const whole = await invest(n, { frontier: true, mipRelGap: 0 });
    const parts = await Promise.all([0, 1].map((index) => invest(n, { frontier: true, mipRelGap: 0, frontierPart: { index, of: 2 } })));
    expect(parts[0].frontier.length).toBeGreaterThan(1);
    expect(parts[1].frontier.length).toBeGreaterThan(1);
    expect(mergeFrontiers(parts.map((p) => p.frontier))).toEqual(whole.frontier);
    for (const p of whole.frontier) expect(p.capexUsd).toBeCloseTo(Math.ceil((60 * p.share - 1e-9) / 25) * 25 * 300 + 5000, 3);
    // Part 1 answers nothing but its points.
    expect(parts[1].builds).toEqual([]);
    expect(parts[0].builds).toEqual(whole.builds);
  });

  it("without options, the most it can reach equals the plan's max-target measure", async () => {
    const yaml = twoSites({ usd: 600_000, by: "2026-12" }).replace(/expansions:[\s\S]*$/, "").replace("- { id: line-a, site: a, name: Line A, unit: racks/month }", "- { id: line-a, site: a, name: Line A, unit: racks/month, levels: [{ from: 2026-04, level: 7 }] }");
    const n = net(yaml);
    const [r, p] = await Promise.all([invest(n), plan(n, { limitCandidates: 0 })]);
    expect(r.status).toBe("unreachable");
    expect(r.maxReachableUsd).toBeCloseTo(p.targets[0].madeValueUsd, 3);
    expect(r.maxReachableUsd).toBeCloseTo(9 * 7 * 1000, 3);
    // Nothing to build: what binds is line-a, with no option on it.
    expect(r.blockedBy[0]).toMatchObject({ option: null, kind: "noOption" });
    expect(r.blockedBy[0].reason).toMatch(/line-a/);
  });
});

describe("invest: a new site copies an existing one", () => {
  it("copies operations and lanes with zero capacity; building it is what makes it produce", async () => {
    const yaml = `${twoSites({ usd: 600_000, by: "2026-12" }).replace(/expansions:[\s\S]*$/, "")}
lanes:
  - { id: b-to-a, from: b, to: a, items: [rack] }
expansions:
  - id: c-line
    resource: line-b
    newSite: { id: c, name: C, operator: Z, lat: 1, lon: 1, like: b }
    capexPerUnitUsd: { low: 100, central: 200, high: 400 }
    leadTime: 2
    maxSize: 100
    assumption: toy
`;
    const r0 = loadScenarioText(yaml);
    if (!r0.ok) throw new Error(JSON.stringify(r0.problems));
    // The network as it stands does not see the new site.
    expect(normalize(r0.scenario).sites.map((x) => x.id)).toEqual(["a", "b"]);
    expect(normalize(r0.scenario).expansions).toEqual([]);
    const n = normalize(withExpansionSites(r0.scenario));
    expect(n.sites.map((x) => x.id)).toEqual(["a", "b", "c"]);
    expect(n.resources.map((x) => x.id)).toEqual(["line-a", "line-b", "c.line-b"]);
    expect(n.operations.map((x) => x.id)).toEqual(["make-a", "make-b", "c.make-b"]);
    expect(n.lanes.map((x) => x.id)).toEqual(["b-to-a", "c.b-to-a"]);
    const r = await invest(n);
    // 600 racks over 10 months at $200 per rack/month: $12,000 (ranges: $6,000 .. $24,000).
    expect(r.builds).toEqual([expect.objectContaining({ option: "c-line", site: "c", resource: "c.line-b", newSite: true, size: expect.closeTo(60, 6) })]);
    expect(r.capexUsd).toBeCloseTo(12_000, 3);
    expect(r.capexLowUsd).toBeCloseTo(6_000, 3);
    expect(r.capexHighUsd).toBeCloseTo(24_000, 3);
  });
});

describe("invest: the MPS", () => {
  const cbc = spawnSync("cbc", ["-quit"], { encoding: "utf8" }).status === 0;
  it.skipIf(!cbc)("solved by native CBC gives the same objective (a MIP with modules and fixed costs)", async () => {
    // Both options in play: by 2027-06 slow produces 6 months, fast 16; modules and a fixed cost on both.
    const n = net(twoSites({ usd: 900_000, by: "2027-06" }, ", moduleSize: 25, fixedCapexUsd: 5000, maxSize: 100", ", moduleSize: 40, fixedCapexUsd: 2000, maxSize: 1000"));
    const r = await invest(n, { mipRelGap: 0 });
    expect(r.status).toBe("optimal");
    const dir = mkdtempSync(join(tmpdir(), "waferline-invest-"));
    try {
      const file = join(dir, "invest.mps");
      const text = investMps(n);
      expect(text).toMatch(/'MARKER' 'INTORG'/);
      writeFileSync(file, text);
      const out = spawnSync("cbc", [file, "solve"], { encoding: "utf8" });
      const m = /Objective value:\s+(-?[\d.e+-]+)/.exec(out.stdout);
      expect(m, out.stdout.slice(-2000)).not.toBeNull();
      expect(Number(m?.[1])).toBeCloseTo(r.objectiveValue as number, 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
