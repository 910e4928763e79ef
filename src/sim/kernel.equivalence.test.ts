// The issue-16 kernel (trials batched side by side) against the kernel it replaced (kernel.reference.ts):
// every output of every trial must be bit-identical (Object.is), in batches of any size, for each policy, on the shipped scenarios, with drawn-length events,
// and on a toy with every kind of uncertainty and a disruption.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyEvents, loadScenarioText, type Network, normalize } from "../model/index.js";
import { plan } from "../plan/index.js";
import { type Policy, SimKernel } from "./kernel.js";
import { ReferenceKernel } from "./kernel.reference.js";

function load(text: string): { net: Network; events: Parameters<typeof applyEvents>[1] } {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("\n"));
  return { net: normalize(r.scenario), events: r.scenario.events ?? [] };
}

const scenario = (name: string) => load(readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8"));

const ARRAYS = ["periodOutput", "periodDelivered", "targetValue", "periodTargetValue", "boundPeriods", "disOccurred", "disStarts", "disAtRisk"] as const;
const SCALARS = ["deliveredValue", "onshoreValueAdded", "totalValueAdded", "massProductionPeriod"] as const;

/** The first difference between the two kernels over the trials, or null. */
async function firstDifference(net: Network, policies: readonly Policy[], seeds: readonly number[], trials: number): Promise<string | null> {
  const p = policies.some((x) => x !== "greedy") ? await plan(net) : null;
  for (const policy of policies) {
    const opts = { policy, starts: p?.starts, shipments: p?.shipments };
    const fresh = new SimKernel(net, opts);
    const old = new ReferenceKernel(net, opts);
    // Batches of several sizes (a full one, odd ones, single trials), so that a trial's outcome is
    // checked whatever runs beside it.
    const sizes = [fresh.batchSize, 5, 1, Math.max(1, fresh.batchSize - 3), 2];
    for (const seed of seeds) {
      for (let i = 0, round = 0; i < trials; round++) {
        const n = Math.min(sizes[round % sizes.length], trials - i);
        fresh.runBatch(seed, i, n);
        for (let b = 0; b < n; b++, i++) {
          fresh.load(b);
          old.run(seed, i);
          for (const f of SCALARS) if (!Object.is(fresh[f], old[f])) return `${policy} seed ${seed} trial ${i} ${f}: ${fresh[f]} vs ${old[f]}`;
          for (const f of ARRAYS) {
            const a = fresh[f];
            const c = old[f];
            if (a.length !== c.length) return `${policy} ${f} length`;
            for (let j = 0; j < a.length; j++) if (!Object.is(a[j], c[j])) return `${policy} seed ${seed} trial ${i} ${f}[${j}]: ${a[j]} vs ${c[j]}`;
          }
        }
      }
    }
  }
  return null;
}

const ALL: readonly Policy[] = ["adaptive", "plan", "greedy"];

// fab (US) -> lane -> asm (TW) -> dc (US), with capacity, ramp delay, yield, lead time, usage, lane and
// price uncertainty and a fab disruption, so every branch of drawParameters and execute is taken.
const TOY = `
name: toy
title: every uncertainty
seed: 11
horizon: { start: 2026-01, periods: 12 }
sites:
  - { id: fab, name: Fab, operator: A, country: US, lat: 0, lon: 0 }
  - { id: asm, name: Assembly, operator: B, country: TW, lat: 0, lon: 0 }
  - { id: dc, name: DC, operator: C, country: US, lat: 0, lon: 0 }
items:
  - { id: chip, name: Chip, unit: chip, valueUsd: 10 }
  - { id: box, name: Box, unit: box, valueUsd: 100 }
resources:
  - { id: fab-cap, site: fab, name: Fab starts, unit: chips, levels: [{ from: 2026-01, level: 10 }], ramps: [{ start: 2026-04, periods: 4, from: 10, to: 20 }] }
  - { id: asm-cap, site: asm, name: Assembly, unit: boxes, levels: [{ from: 2026-01, level: 4 }] }
operations:
  - { id: make-chip, site: fab, produces: { item: chip }, uses: [{ resource: fab-cap, qty: 1 }], leadTime: 1, yield: 0.6 }
  - { id: make-box, site: asm, produces: { item: box }, consumes: [{ item: chip, qty: 2 }], uses: [{ resource: asm-cap, qty: 1 }], leadTime: 0 }
lanes:
  - { id: chips, from: fab, to: asm, items: [chip], transit: 0, capacity: 6 }
  - { id: boxes, from: asm, to: dc, items: [box], transit: 1 }
demand:
  - { id: dc-boxes, site: dc, item: box, priceUsd: 200, schedule: [{ from: 2026-01, quantity: 3 }] }
targets:
  - { id: boxes-tw, description: boxes made in TW, item: box, countries: [TW], valueUsd: 1000, by: 2026-10 }
  - { id: boxes-sold, description: boxes delivered in the US, measure: deliveredValue, item: box, countries: [US], valueUsd: 500, by: 2026-12 }
milestones:
  - { id: two-a-month, description: 2 boxes in a month, item: box, countries: [TW], quantityPerPeriod: 2 }
uncertainty:
  parameters:
    - { id: u1, on: { resource: fab-cap }, parameter: capacity, distribution: { type: uniform, min: 0.6, max: 1.3 } }
    - { id: u2, on: { resource: fab-cap }, parameter: rampDelay, distribution: { type: uniform, min: -1, max: 3 } }
    - { id: u3, on: { operation: make-chip }, parameter: yield, distribution: { type: triangular, min: 0.7, mode: 1, max: 1.2 } }
    - { id: u4, on: { operation: make-chip }, parameter: leadTime, distribution: { type: uniform, min: 0, max: 2 } }
    - { id: u5, on: { operation: make-box }, parameter: usage, distribution: { type: uniform, min: 0.8, max: 1.3 } }
    - { id: u6, on: { lane: chips }, parameter: capacity, distribution: { type: uniform, min: 0.5, max: 1.5 } }
    - { id: u7, on: { lane: boxes }, parameter: leadTime, distribution: { type: uniform, min: 0, max: 2 } }
    - { id: u8, on: { demand: dc-boxes }, parameter: price, distribution: { type: normal, mean: 1, sd: 0.2, min: 0.5 } }
  disruptions:
    - { id: fab-down, site: fab, probabilityPerPeriod: 0.15, durationPeriods: { type: uniform, min: 1, max: 3 } }
`;

describe("the kernel is bit-identical to the one it replaced", () => {
  it("on a toy with every kind of uncertainty, several seeds and trial counts", async () => {
    const { net } = load(TOY);
    expect(await firstDifference(net, ALL, [0, 11, 2 ** 40 + 7], 300)).toBeNull();
  });

  it("on the default scenario, each policy", async () => {
    const { net } = scenario("us-ai-onshoring-2025");
    expect(await firstDifference(net, ALL, [net.seed, 123], 150)).toBeNull();
  }, 60_000);

  it("on the default scenario with its events' durations drawn per trial", async () => {
    const { net, events } = scenario("us-ai-onshoring-2025");
    const drawn = applyEvents(net, events, { drawDurations: true });
    expect(drawn.scheduled?.length ?? 0).toBeGreaterThan(0);
    expect(await firstDifference(drawn, ALL, [net.seed], 150)).toBeNull();
  }, 60_000);

  it("on the other shipped scenarios", async () => {
    for (const name of ["tutorial", "taiwan-baseline"]) {
      const { net } = scenario(name);
      expect(await firstDifference(net, ALL, [net.seed], 100), name).toBeNull();
    }
  }, 60_000);
});
