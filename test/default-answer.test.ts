// The default scenario's answer, read as an analyst would: the README's "What the default scenario
// says" block matches `waferline run --json`; every input the tornado ranks in its top ten, and every
// assumed input that can move the target, is a sourced range; costs cannot move the max-target answer;
// the what-if figures the README quotes come from re-plans with one input at its bound.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenarioText, type Network, normalize, type Scenario } from "../src/model/index.js";
import { plan } from "../src/plan/index.js";
import { money as usd } from "../src/format/index.js";
import { tornadoOf } from "../src/run/present.js";
import type { RunResult } from "../src/run/run.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FILE = join(ROOT, "scenarios/us-ai-onshoring-2025.yaml");
const TEXT = readFileSync(FILE, "utf8");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function scenarioOf(text: string): Scenario {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; "));
  return r.scenario;
}

/** The README's block between its markers. */
function readmeBlock(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = /<!-- default-scenario:begin -->\n([\s\S]*?)<!-- default-scenario:end -->/.exec(readme);
  if (!m) throw new Error("README.md has no default-scenario block");
  return m[1];
}

/** Value at the demand's price of racks assembled at each US site by the target's date, from the plan's starts. */
function assembledBySite(net: Network, r: RunResult): Map<string, number> {
  const { T } = net;
  const plan = r.plan;
  if (!plan) throw new Error("no plan");
  const by = net.targets[0].by;
  const out = new Map<string, number>();
  plan.operations.forEach((op, o) => {
    const item = net.nodeItem[net.opOutNode[o]];
    const site = net.sites[net.operations[o].site];
    if (net.targets[0].itemMask[item] !== 1 || net.targets[0].siteMask[net.operations[o].site] !== 1) return;
    let v = 0;
    op.starts.forEach((s, t) => {
      if (t + net.opLeadTime[o] <= by) v += s * net.opOutQty[o] * net.opYield[o * T + t] * net.saleValue[item];
    });
    out.set(site.id, (out.get(site.id) ?? 0) + v);
  });
  return out;
}

describe("the default scenario's answer", () => {
  const scenario = scenarioOf(TEXT);
  const net = normalize(scenario);
  let r: RunResult;

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "wl-default-"));
    const cli = spawnSync(process.execPath, [join(ROOT, "bin/waferline.js"), "run", "--trials", "2000", "--threads", "2", "--out", join(dir, "out"), "--json"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", WAFERLINE_DB: join(dir, "runs.db") },
      encoding: "utf8",
      timeout: 600_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (cli.status !== 0) throw new Error(`waferline run failed (${cli.status}): ${cli.stderr.slice(0, 2000)}`);
    r = JSON.parse(cli.stdout) as RunResult;
  }, 600_000);

  it("is the README's block, figure for figure", () => {
    const block = readmeBlock();
    const plan = r.plan;
    const sim = r.simulation;
    if (!plan || !sim || !r.costRouted || !r.sensitivity) throw new Error("the run lacks a part");
    const t = plan.targets[0];
    const c = t.reconciliation;
    const sites = assembledBySite(net, r);
    const newPlants = (sites.get("foxconn-houston") ?? 0) + (sites.get("wistron-fort-worth") ?? 0);
    // The sites add up to the target's measure: the split is of the same figure.
    expect([...sites.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(t.madeValueUsd, -6);
    const tv = sim.kpis.targetValueUsd;
    const mp = sim.kpis.massProductionPeriod;
    if (!tv || !mp) throw new Error("no target or milestone in the simulation");
    const lim = (l: { resource: string; plusTenPercentUsd: number }) => `${l.resource} (${usd(l.plusTenPercentUsd)})`;
    const tornado = tornadoOf(r);
    if (!tornado) throw new Error("no tornado");
    const inv = r.invest;
    if (!inv) throw new Error("no invest stage");
    // Nothing to build for the target; the frontier's first and last priced points beyond it.
    expect(inv.builds).toEqual([]);
    const priced = inv.frontier.filter((p) => p.capexUsd !== null && p.capexUsd > 0);
    const [first, last] = [priced[0], priced[priced.length - 1]];
    const expected = [
      `**What it would take: nothing to build for $500B** (the network as it stands makes ${usd(inv.baselineValueUsd ?? 0)}); going beyond it, ${usd(first.targetValueUsd)} would take ${usd(first.capexUsd ?? 0)} of capital and ${usd(last.targetValueUsd)} ${usd(last.capexUsd ?? 0)}`,
      `**Capacity allows at most ${usd(t.madeValueUsd)} of racks assembled in the US by ${t.by}**`,
      `${usd(newPlants)} comes from the announcement's plants`,
      `${usd(sites.get("us-oem-racks") ?? 0)} from US lines that already assembled NVIDIA systems`,
      `**Cost-driven routing alone gives ${usd(r.costRouted.targets[0].madeValueUsd)}.**`,
      `**US content ${usd(c.manufacturingContentUsd + c.ownedMarginUsd)} = US manufacturing ${usd(c.manufacturingContentUsd)} + NVIDIA's margin booked in the US ${usd(c.ownedMarginUsd)}**, of ${usd(c.deliveredValueUsd)} delivered worldwide`,
      `**Probability of meeting $500B: ${pct(sim.probabilityTargetMet ?? Number.NaN)}** (P10-P90 ${usd(tv.p10)}-${usd(tv.p90)}, P50 ${usd(tv.p50)})`,
      `**Mass production at Houston and Fort Worth: ${plan.kpis.massProductionPeriod} in the plan, ${mp.p50} at the simulated median** (P10 ${mp.p10}, P90 ${mp.p90}; due 2026-06)`,
      `**What limits the target: ${plan.limits.target.slice(0, 3).map(lim).join(", ")}**; what limits total output: ${plan.limits.total.slice(0, 3).map(lim).join(", ")}.`,
      `**What moves the target most: ${tornado.bars
        .slice(0, 3)
        .map((b) => b.param)
        .join(", ")}** (${tornado.bars
        .slice(0, 3)
        .map((b) => `${b.param} ${usd(b.atLow, { sign: true })} at its low, ${usd(b.atHigh, { sign: true })} at its high`)
        .join("; ")})`,
    ];
    for (const line of expected) expect(block, line).toContain(line);
    // "about 3%": US manufacturing over the value of the racks assembled in the US.
    expect(c.manufacturingContentUsd / c.assembledValueUsd).toBeGreaterThan(0.025);
    expect(c.manufacturingContentUsd / c.assembledValueUsd).toBeLessThan(0.04);
    // The central sizes and the price the caveat names are the scenario's.
    const lastLevel = (id: string) => {
      const res = scenario.resources.find((x) => x.id === id);
      return res?.ramps.at(-1)?.to ?? res?.levels.at(-1)?.level;
    };
    expect([lastLevel("houston-racks"), lastLevel("fort-worth-racks"), lastLevel("us-oem-rack-lines")]).toEqual([2000, 1400, 500]);
    expect(block).toContain("(Houston 2,000, Fort Worth 1,400, Dell and Supermicro 500 racks a month)");
    expect(scenario.demand.find((d) => d.item === "vr-rack")?.priceUsd).toBe(7_800_000);
  });

  it("has a sourced range, with a source or a reason per bound, for every input in the tornado's top ten", () => {
    const tornado = tornadoOf(r);
    if (!tornado) throw new Error("no tornado");
    const top = tornado.bars.slice(0, 10).map((b) => b.param);
    expect(top).toHaveLength(10);
    for (const id of top) {
      const u = scenario.uncertainty.parameters.find((x) => x.id === id);
      expect(u?.distribution.type, id).toBe("range");
      for (const bound of ["low", "high"] as const) {
        const c = u?.[bound];
        expect(Boolean(c && (c.source !== undefined || (c.reason ?? "").trim())), `${id}.${bound}`).toBe(true);
      }
    }
  });

  it("ranges every assumed input that can move the target: what limits it, plants whose opening date moves it, its goods' prices", () => {
    const plan = r.plan;
    if (!plan) throw new Error("no plan");
    const ranged = (on: "resource" | "demand", id: string, parameter: string) =>
      scenario.uncertainty.parameters.some((u) => u.distribution.type === "range" && u.parameter === parameter && on in u.on && Object.values(u.on)[0] === id);
    const assumed = (id: string) => {
      const res = scenario.resources.find((x) => x.id === id);
      return Boolean(res && (res.assumption || res.ramps.some((x) => x.assumption)));
    };
    // Resources whose 10% more capacity adds to the target, by re-solve.
    const limiting = plan.limits.target.filter((l) => l.plusTenPercentUsd > 0).map((l) => l.resource);
    expect(limiting.length).toBeGreaterThan(0);
    for (const id of limiting.filter(assumed)) expect(ranged("resource", id, "capacity"), `${id} capacity`).toBe(true);
    // Plants not open yet whose opening a quarter earlier adds to the target.
    const opening = plan.limits.notYetOpen.filter((x) => (x.openQuarterEarlierTargetUsd ?? 0) > 0).map((x) => x.resource);
    expect(opening).toEqual(expect.arrayContaining(["houston-racks", "fort-worth-racks"]));
    for (const id of opening.filter(assumed)) {
      expect(ranged("resource", id, "rampDelay"), `${id} rampDelay`).toBe(true);
      expect(ranged("resource", id, "capacity"), `${id} capacity`).toBe(true);
    }
    // The target counts its goods at their demand's price: every such price is a range.
    const items = new Set(scenario.targets[0].items ?? []);
    for (const d of scenario.demand.filter((x) => items.has(x.item))) expect(ranged("demand", d.id, "price"), `${d.id} price`).toBe(true);
  });
});

describe("costs do not decide the max-target answer", () => {
  /** The network with every cost (operations, lanes, holding) scaled by k. */
  function scaled(k: number): Network {
    const net = normalize(scenarioOf(TEXT));
    return {
      ...net,
      opCost: net.opCost.map((x) => x * k),
      arcCost: net.arcCost.map((x) => x * k),
      items: net.items.map((x) => ({ ...x, holdingCostUsd: x.holdingCostUsd * k })),
    };
  }

  it("leaves the target's measure unchanged (1e-6 relative) when every cost is halved or raised by half", async () => {
    const measure = async (k: number) => (await plan(scaled(k), { limitCandidates: 0 })).targets[0].madeValueUsd;
    const values = { base: await measure(1), half: await measure(0.5), more: await measure(1.5) };
    expect(values.base).toBeGreaterThan(0);
    expect(Math.abs(values.half - values.base) / values.base).toBeLessThan(1e-6);
    expect(Math.abs(values.more - values.base) / values.base).toBeLessThan(1e-6);
    // The costs did change: the scaled networks really cost less and more.
    expect(scaled(0.5).opCost[0]).toBeCloseTo(normalize(scenarioOf(TEXT)).opCost[0] / 2, 9);
  });
});

describe("the README's what-if figures are re-plans with one input at its bound", () => {
  const block = readmeBlock();
  const whatIf = async (edit: (s: string) => string) => {
    const text = edit(TEXT);
    expect(text).not.toBe(TEXT);
    return usd((await plan(normalize(scenarioOf(text)), { limitCandidates: 0 })).targets[0].madeValueUsd);
  };
  const vrLow = (s: string) => s.replace("item: vr-rack, priceUsd: 7800000", "item: vr-rack, priceUsd: 3500000");
  const plantsLow = (s: string) => s.replace("from: 0, to: 2000, source: [S27, R50, S1]", "from: 0, to: 850, source: [S27, R50, S1]").replace("from: 0, to: 1400, source: [S13, S29]", "from: 0, to: 700, source: [S13, S29]");
  const oemLow = (s: string) => s.replace("levels: [{ from: 2025-04, level: 500 }]", "levels: [{ from: 2025-04, level: 250 }]");

  it("VR NVL72 at its low price, the new plants at their low rates, and all three lows", async () => {
    // The bounds quoted are the ranges' own: VR $3.5M = 0.449 x $7.8M; Houston 850 = 0.425 x 2,000;
    // Fort Worth 700 = 0.5 x 1,400; Dell and Supermicro 250 = 0.5 x 500.
    const range = (id: string) => scenarioOf(TEXT).uncertainty.parameters.find((u) => u.id === id)?.distribution;
    expect(range("vr-price")).toMatchObject({ low: 0.449 });
    expect(range("houston-capacity")).toMatchObject({ low: 0.425 });
    expect(range("fort-worth-capacity")).toMatchObject({ low: 0.5 });
    expect(range("us-oem-capacity")).toMatchObject({ low: 0.5 });
    expect(block).toContain(`at VR's low price ($3.5M) it is ${await whatIf(vrLow)}`);
    expect(block).toContain(`with Houston and Fort Worth at their lows (850 and 700 a month) ${await whatIf(plantsLow)}`);
    expect(block).toContain(`with all three lows ${await whatIf((s) => oemLow(plantsLow(vrLow(s))))}`);
  });
});
