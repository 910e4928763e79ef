// What limits output, ranked by exact +10% re-solves, against shadow prices in their own units; and
// plants not open yet, which are never "binding". Every figure is worked out by hand below.
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize } from "../model/index.js";
import { plan } from "./plan.js";

function net(yaml: string): Network {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return normalize(r.scenario);
}

// Two independent products over two months. Chips: 1,000 wafers a month, one chip per wafer, $100 each.
// Racks: 2 a month on the rack line, $10,000 each. A second rack line opens in month 2 (1 a month).
const TWO_UNITS = `
name: two-units
title: wafers and racks
horizon: { start: 2026-01, periods: 2 }
sites:
  - { id: f, name: f, operator: x, country: US, lat: 0, lon: 0 }
items:
  - { id: chip, name: chip, unit: chip, valueUsd: 100 }
  - { id: rack, name: rack, unit: rack, valueUsd: 10000 }
resources:
  - { id: wafer-line, site: f, name: w, unit: wafers/month, levels: [{ from: 2026-01, level: 1000 }] }
  - { id: rack-line, site: f, name: r, unit: racks/month, levels: [{ from: 2026-01, level: 2 }] }
  - { id: new-rack-line, site: f, name: n, unit: racks/month, levels: [{ from: 2026-02, level: 1 }] }
operations:
  - { id: make-chip, site: f, produces: { item: chip }, uses: [{ resource: wafer-line, qty: 1 }] }
  - { id: make-rack, site: f, produces: { item: rack }, uses: [{ resource: rack-line, qty: 1 }] }
  - { id: make-rack-2, site: f, produces: { item: rack }, uses: [{ resource: new-rack-line, qty: 1 }] }
demand:
  - { id: chips, site: f, item: chip, priceUsd: 100, unbounded: true }
  - { id: racks, site: f, item: rack, priceUsd: 10000, unbounded: true }
`;

describe("limits", () => {
  it("ranks by the value of 10% more capacity, not by shadow prices in different units", async () => {
    const p = await plan(net(TWO_UNITS));
    const total = p.limits.total;
    const get = (id: string) => {
      const l = total.find((x) => x.resource === id);
      if (!l) throw new Error(`no limit ${id}`);
      return l;
    };
    // Shadow prices: $100 per wafer and $10,000 per rack, in each of 2 months.
    expect(get("wafer-line").shadowPriceUsd).toBeCloseTo(200, 4);
    expect(get("rack-line").shadowPriceUsd).toBeCloseTo(20000, 4);
    // +10%: 100 more wafers a month x $100 x 2 = $20,000; 0.2 more racks a month x $10,000 x 2 = $4,000.
    expect(get("wafer-line").plusTenPercentUsd).toBeCloseTo(20000, 2);
    expect(get("rack-line").plusTenPercentUsd).toBeCloseTo(4000, 2);
    // Raw shadow prices would put the rack line first; the re-solve ranks the wafer line first.
    expect(total[0].resource).toBe("wafer-line");
    expect(get("wafer-line")).toMatchObject({ unit: "wafers/month", from: "2026-01", to: "2026-02", periodsBinding: 2 });
  });

  it("never lists a plant with no capacity as binding; it values opening a quarter earlier", async () => {
    const p = await plan(net(TWO_UNITS));
    // The new line binds only in month 2, when it exists: +10% there is 0.1 rack x $10,000.
    const newLine = p.limits.total.find((x) => x.resource === "new-rack-line");
    expect(newLine).toMatchObject({ from: "2026-02", to: "2026-02", periodsBinding: 1 });
    // (Within cents: the tie-break that prefers steady production charges the extra tenth of a rack $0.01.)
    expect(newLine?.plusTenPercentUsd).toBeCloseTo(1000, 1);
    expect(p.bottlenecks.some((b) => b.resource === "new-rack-line" && b.period === "2026-01")).toBe(false);
    expect(p.bottlenecks.every((b) => b.capacity > 0)).toBe(true);
    // Opened a quarter earlier it would make one more rack in month 1: $10,000.
    expect(p.limits.notYetOpen).toEqual([
      { resource: "new-rack-line", unit: "racks/month", opens: "2026-02", openQuarterEarlierUsd: expect.closeTo(10000, 0), openQuarterEarlierTotalUsd: expect.closeTo(10000, 0), openQuarterEarlierTargetUsd: null },
    ]);
  });

  it("lists what limits a target apart from what limits total output", async () => {
    // A target on racks only: chips do not count, so the wafer line is not among its limits.
    const n = net(`${TWO_UNITS}targets:\n  - { id: racks-us, description: racks, item: rack, countries: [US], valueUsd: 100000, by: 2026-02 }\n`);
    const p = await plan(n);
    expect(p.limits.targetId).toBe("racks-us");
    expect(p.limits.target.map((x) => x.resource).sort()).toEqual(["new-rack-line", "rack-line"]);
    // +10% of the rack line: 0.4 racks by month 2 = $4,000 of the target's measure.
    expect(p.limits.target.find((x) => x.resource === "rack-line")?.plusTenPercentUsd).toBeCloseTo(4000, 2);
    expect(p.limits.notYetOpen[0].openQuarterEarlierTargetUsd).toBeCloseTo(10000, 0);
    expect(p.limits.total[0].resource).toBe("wafer-line");
  });

  it("reads every shadow price as what one more unit is worth, for both objectives", async () => {
    const p = await plan(net(TWO_UNITS), { objective: "max-value" });
    expect(p.bottlenecks.every((b) => b.shadowPriceUsd > 0)).toBe(true);
    // meet-demand minimises cost: 3 racks wanted in month 1 against 2 of capacity leave one unmet at a
    // penalty; one more unit of the rack line saves it, and must read positive too.
    const meet = net(TWO_UNITS.replace("priceUsd: 10000, unbounded: true", "priceUsd: 10000, schedule: [{ from: 2026-01, quantity: 3 }]"));
    const m = await plan(meet, { objective: "meet-demand" });
    const rack = m.bottlenecks.filter((b) => b.resource === "rack-line" && b.period === "2026-01");
    expect(rack).toHaveLength(1);
    expect(rack[0].shadowPriceUsd).toBeGreaterThan(0);
  });
});
