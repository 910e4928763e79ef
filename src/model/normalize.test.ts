// The normalizer on scenarios/tutorial.yaml, against values worked out by hand from the file.
// Horizon 2026-01 + 12 months, so index t is month t+1 of 2026 (2026-03 is t = 2, 2026-12 is t = 11).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { capacityProfile, loadScenarioText, type Network, normalize, rampFraction } from "./index.js";

const TUTORIAL = readFileSync(join(import.meta.dirname, "../../scenarios/tutorial.yaml"), "utf8");

function networkOf(text: string): Network {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")}: ${p.message}`).join("\n"));
  return normalize(r.scenario);
}

const net = networkOf(TUTORIAL);
const T = 12;
const row = (a: ArrayLike<number>, i: number) => Array.from(a).slice(i * T, (i + 1) * T);
const idx = (list: { id: string }[], id: string) => {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) throw new Error(`no ${id}`);
  return i;
};
const nodeName = (n: number) => `${net.items[net.nodeItem[n]].id}@${net.sites[net.nodeSite[n]].id}`;

describe("normalize(tutorial)", () => {
  it("periods", () => {
    expect(net.T).toBe(12);
    expect(net.periods[0]).toBe("2026-01");
    expect(net.periods[11]).toBe("2026-12");
    expect(net.periods).toHaveLength(12);
  });

  it("capacity: a linear ramp, the midpoint of each period, then a 50% outage", () => {
    // fab-us-starts: linear 0 -> 80 over 4 periods from 2026-03 (t = 2..5). Period k of the ramp
    // gets the curve's average over it, (k + 0.5) / 4 * 80 = 10, 30, 50, 70; then 80.
    // The outage in 2026-09 (t = 8) halves it: 80 * (1 - 0.5) = 40.
    expect(row(net.capacity, idx(net.resources, "fab-us-starts"))).toEqual([0, 0, 10, 30, 50, 70, 80, 80, 40, 80, 80, 80]);
    // Level steps from 2026-01 hold all year.
    expect(row(net.capacity, idx(net.resources, "fab-tw-starts"))).toEqual(Array(12).fill(100));
    expect(row(net.capacity, idx(net.resources, "pkg-tw-lines"))).toEqual(Array(12).fill(300));
    expect(row(net.capacity, idx(net.resources, "asm-us-lines"))).toEqual(Array(12).fill(30));
  });

  it("capacity with a ramp delay shifts the ramp but not the outage", () => {
    const r = idx(net.resources, "fab-us-starts");
    // Delay 2: the ramp runs t = 4..7 (10, 30, 50, 70), 80 from t = 8, and the outage still hits t = 8: 40.
    const p = capacityProfile(net.capacityEvents[r], net.outages[r], T, 2);
    expect(Array.from(p)).toEqual([0, 0, 0, 0, 10, 30, 50, 70, 40, 80, 80, 80]);
  });

  it("an s-curve ramp: the smoothstep averaged exactly over each period", () => {
    // Smoothstep s(x) = 3x^2 - 2x^3 has integral F(x) = x^3 - x^4/2; period k of n averages to
    // n * (F((k+1)/n) - F(k/n)). For n = 4:
    //   F(0.25) = 0.015625 - 0.001953125 = 0.013671875     -> k=0: 4 * 0.013671875 = 0.0546875
    //   F(0.5)  = 0.125 - 0.03125 = 0.09375                 -> k=1: 4 * 0.080078125 = 0.3203125
    //   F(0.75) = 0.421875 - 0.158203125 = 0.263671875      -> k=2: 4 * 0.169921875 = 0.6796875
    //   F(1)    = 0.5                                       -> k=3: 4 * 0.236328125 = 0.9453125
    // Times 80: 4.375, 25.625, 54.375, 75.625.
    const s = networkOf(TUTORIAL.replace("shape: linear, from: 0, to: 80", "shape: s-curve, from: 0, to: 80"));
    const cap = row(s.capacity, idx(s.resources, "fab-us-starts"));
    const expected = [0, 0, 4.375, 25.625, 54.375, 75.625, 80, 80, 40, 80, 80, 80];
    cap.forEach((v, t) => expect(v).toBeCloseTo(expected[t], 12));
    expect(rampFraction(0, 4, "s-curve")).toBeCloseTo(0.0546875, 15);
    expect(rampFraction(3, 4, "s-curve")).toBeCloseTo(0.9453125, 15);
    // Symmetric about the middle of the ramp.
    expect(rampFraction(1, 4, "s-curve") + rampFraction(2, 4, "s-curve")).toBeCloseTo(1, 15);
  });

  it("a ramp given by `end`, after a level step", () => {
    // Level 100 from 2026-01; ramp 100 -> 200 from 2026-06 to 2026-07 (t = 5, 6; 2 periods):
    // (0.5/2)*100 + 100 = 125, (1.5/2)*100 + 100 = 175; 200 from t = 7.
    const text = TUTORIAL.replace(
      "    levels: [{ from: 2026-01, level: 100 }]\n",
      "    levels: [{ from: 2026-01, level: 100 }]\n    ramps: [{ start: 2026-06, end: 2026-07, from: 100, to: 200 }]\n",
    );
    const n = networkOf(text);
    expect(row(n.capacity, idx(n.resources, "fab-tw-starts"))).toEqual([100, 100, 100, 100, 100, 125, 175, 200, 200, 200, 200, 200]);
  });

  it("learning yield of make-wafer-us", () => {
    // start 0.5, mature 0.9, from 2026-03 (t = 2) over 4 periods, linear at period midpoints:
    // t<2: 0.5; t=2: 0.5 + 0.4*0.125 = 0.55; t=3: 0.5 + 0.4*0.375 = 0.65; t=4: 0.75; t=5: 0.85; then 0.9.
    const y = row(net.opYield, idx(net.operations, "make-wafer-us"));
    const expected = [0.5, 0.5, 0.55, 0.65, 0.75, 0.85, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    y.forEach((v, t) => expect(v).toBeCloseTo(expected[t], 12));
    expect(row(net.opYield, idx(net.operations, "make-wafer-tw"))).toEqual(Array(12).fill(1)); // default
    expect(row(net.opYield, idx(net.operations, "package-gpu"))).toEqual(Array(12).fill(0.95));
  });

  it("tariffs on the gpu arc from 2026-07", () => {
    // tw-gpu-tariff: TW -> US, gpu, 15% from 2026-07 (t = 6). gpu is worth 30000: 0.15 * 30000 = 4500 per unit.
    // gpus-to-us runs pkg-tw (TW) -> asm-us (US). No other arc carries gpu from TW to US.
    const gpuArc = Array.from(net.arcLane).findIndex((l) => net.lanes[l].id === "gpus-to-us");
    expect(row(net.arcTariff, gpuArc)).toEqual([0, 0, 0, 0, 0, 0, 4500, 4500, 4500, 4500, 4500, 4500]);
    for (let a = 0; a < net.arcLane.length; a++) if (a !== gpuArc) expect(row(net.arcTariff, a)).toEqual(Array(12).fill(0));
    expect(Array.from(net.arcBanned).every((b) => b === 0)).toBe(true); // exportControls: []
  });

  it("export controls ban shipping across borders from their period", () => {
    // Ban gpu to US from 2026-05 (t = 4): only the TW -> US gpu arc is affected.
    const n = networkOf(TUTORIAL.replace("exportControls: []", "exportControls: [{ id: ban, items: [gpu], destination: US, from: 2026-05 }]"));
    const gpuArc = Array.from(n.arcLane).findIndex((l) => n.lanes[l].id === "gpus-to-us");
    expect(row(n.arcBanned, gpuArc)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(n.arcBanned).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it("demand steps", () => {
    // us-servers: 20 from 2026-04 (t = 3), 30 from 2026-10 (t = 9), none before.
    expect(row(net.demandQty, 0)).toEqual([0, 0, 0, 20, 20, 20, 20, 20, 20, 30, 30, 30]);
    expect(Array.from(net.demandPrice)).toEqual([400000]);
    expect(nodeName(net.demandNode[0])).toBe("server@dc-us");
  });

  it("unbounded demand is Infinity in every period", () => {
    const n = networkOf(TUTORIAL.replace("    priceUsd: 400000\n", "    priceUsd: 400000\n    unbounded: true\n").replace(/ {4}schedule: .*\n/, ""));
    expect(row(n.demandQty, 0)).toEqual(Array(12).fill(Number.POSITIVE_INFINITY));
  });

  it("stock points, in order of first mention", () => {
    // Operations first (output, then inputs): wafer@fab-tw, wafer@fab-us, gpu@pkg-tw, wafer@pkg-tw,
    // server@asm-us, gpu@asm-us; then lanes add server@dc-us; demand adds nothing new.
    const names = Array.from(net.nodeItem, (_, n) => nodeName(n));
    expect(names).toEqual(["wafer@fab-tw", "wafer@fab-us", "gpu@pkg-tw", "wafer@pkg-tw", "server@asm-us", "gpu@asm-us", "server@dc-us"]);
    expect(Array.from(net.initialStock)).toEqual(Array(7).fill(0));
  });

  it("operations in CSR form", () => {
    // Inputs: package-gpu takes 0.05 wafer at pkg-tw, assemble-server takes 8 gpu at asm-us; the fabs take none.
    expect(Array.from(net.opInStart)).toEqual([0, 0, 0, 1, 2]);
    expect(Array.from(net.opInNode, nodeName)).toEqual(["wafer@pkg-tw", "gpu@asm-us"]);
    expect(Array.from(net.opInQty)).toEqual([0.05, 8]);
    // Each operation uses one unit of its own site's resource, in resource order.
    expect(Array.from(net.opResStart)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(net.opRes, (r) => net.resources[r].id)).toEqual(["fab-tw-starts", "fab-us-starts", "pkg-tw-lines", "asm-us-lines"]);
    expect(Array.from(net.opResQty)).toEqual([1, 1, 1, 1]);
    expect(Array.from(net.opOutNode, nodeName)).toEqual(["wafer@fab-tw", "wafer@fab-us", "gpu@pkg-tw", "server@asm-us"]);
    expect(Array.from(net.opOutQty)).toEqual([1, 1, 1, 1]);
  });

  it("lead times, costs and value added", () => {
    expect(Array.from(net.opLeadTime)).toEqual([2, 2, 1, 1]);
    expect(Array.from(net.opCost)).toEqual([18000, 22000, 1000, 5000]);
    // Inputs per start at item value: packaging takes 0.05 wafer ($20,000), assembly 8 GPUs ($30,000).
    expect(Array.from(net.opInputValue)).toEqual([0, 0, 1000, 240000]);
  });

  it("lanes and arcs", () => {
    expect(Array.from(net.arcTransit)).toEqual([0, 1, 1, 0]);
    expect(Array.from(net.arcCost)).toEqual([20, 300, 50, 500]);
    expect(Array.from(net.arcFrom, nodeName)).toEqual(["wafer@fab-tw", "wafer@fab-us", "gpu@pkg-tw", "server@asm-us"]);
    expect(Array.from(net.arcTo, nodeName)).toEqual(["wafer@pkg-tw", "wafer@pkg-tw", "gpu@asm-us", "server@dc-us"]);
    expect(net.lanes.map((l) => l.capacity)).toEqual([Infinity, Infinity, 400, Infinity]);
  });

  it("a lane with two items gives two arcs of one lane", () => {
    const n = networkOf(TUTORIAL.replace("items: [server], transit: 0", "items: [server, gpu], transit: 0"));
    const lane = idx(n.lanes, "servers-to-dc");
    expect(Array.from(n.arcLane).filter((l) => l === lane)).toHaveLength(2);
  });

  it("onshore flags, targets, milestones, uncertainty and disruptions", () => {
    // Sites: fab-tw TW, fab-us US, pkg-tw TW, asm-us US, dc-us US; onshore: [US].
    expect(Array.from(net.siteOnshore)).toEqual([0, 1, 0, 1, 1]);
    expect(net.targets).toHaveLength(1);
    expect(net.targets[0]).toMatchObject({ id: "us-servers-value", measure: "assembledValue", items: [2], countries: ["US"], valueUsd: 50_000_000, by: 11 }); // 2026-12
    expect(Array.from(net.targets[0].itemMask)).toEqual([0, 0, 1]);
    expect(Array.from(net.targets[0].siteMask)).toEqual([0, 1, 0, 1, 1]);
    expect(net.milestones[0]).toMatchObject({ id: "mass-production", items: [2], quantityPerPeriod: 20, due: 5 }); // 2026-06
    expect(net.uncertain.map((u) => [u.id, u.on, u.index, u.parameter])).toEqual([
      ["us-ramp-delay", "resource", 1, "rampDelay"],
      ["pkg-yield", "operation", 2, "yield"],
    ]);
    expect(Array.from(net.disruptions[0].siteMask)).toEqual([1, 0, 1, 0, 0]); // country TW
  });

  it("onshore follows the policy, not the country code", () => {
    const n = networkOf(TUTORIAL.replace("  onshore: [US]", "  onshore: [TW]"));
    expect(Array.from(n.siteOnshore)).toEqual([1, 0, 1, 0, 0]);
  });
});

describe("normalize on a weekly horizon across a year boundary", () => {
  it("indexes ISO weeks exactly", () => {
    // 2025-W51 .. : 2025 has 52 ISO weeks, so t = 0 W51, 1 W52, 2 2026-W01, 3 2026-W02, ...
    // The ramp from 2026-W01 (t = 2) over 4 weeks gives 10, 30, 50, 70 at t = 2..5; the outage at
    // 2026-W05 (t = 6) halves 80 to 40. Demand of 20 from 2026-W02 (t = 3).
    const text = TUTORIAL.replace("horizon: { start: 2026-01, periods: 12, bucket: month }", "horizon: { start: 2025-W51, periods: 12, bucket: week }")
      .replaceAll("2026-03", "2026-W01")
      .replaceAll("2026-09", "2026-W05")
      .replaceAll("2026-04", "2026-W02")
      .replace("by: 2026-12", "by: 2026-W09")
      .replace(/2026-(\d\d)/g, "2026-W$1");
    const n = networkOf(text);
    expect(n.periods.slice(0, 4)).toEqual(["2025-W51", "2025-W52", "2026-W01", "2026-W02"]);
    expect(row(n.capacity, idx(n.resources, "fab-us-starts"))).toEqual([0, 0, 10, 30, 50, 70, 40, 80, 80, 80, 80, 80]);
    expect(row(n.demandQty, 0).slice(0, 4)).toEqual([0, 0, 0, 20]);
  });
});
