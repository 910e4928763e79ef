// Dated events and the rolling re-plan on a three-country toy, every figure derived by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyEvents, loadScenarioText, type Network, normalize, type ScenarioEvent } from "../model/index.js";
import { checkPlan } from "./check-plan.js";
import { planWithEvents } from "./replan.js";

function load(yaml: string): { net: Network; events: ScenarioEvent[] } {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return { net: normalize(r.scenario), events: r.scenario.events };
}

// Chips from Taiwan (15 a month, $10) or Korea (4 a month, $30) become boxes in the US (1 chip each),
// which sells 10 boxes a month at $100. Chips cost $1 a month to hold. Taiwan is blockaded in March-April.
const TOY = readFileSync(new URL("../../test/fixtures/events/three-countries.yaml", import.meta.url), "utf8");

const sum = (a: Float64Array, from: number, to: number) => a.slice(from, to + 1).reduce((s, v) => s + v, 0);

describe("a blockade", () => {
  const { net, events } = load(TOY);

  it("takes the country's sites down and closes every lane from or to it while it lasts", () => {
    const e = applyEvents(net, events);
    const tw = net.resources.findIndex((r) => r.id === "tw-line");
    expect(Array.from(e.capacity.subarray(tw * 6, tw * 6 + 6))).toEqual([15, 15, 0, 0, 15, 15]);
    const twUs = 0; // the first arc: tw-us carrying chips
    expect(Array.from(e.arcBanned.subarray(twUs * 6, twUs * 6 + 6))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(e.arcBanned.subarray(6, 12))).toEqual([0, 0, 0, 0, 0, 0]); // Korea keeps shipping
    expect(net.capacity[tw * 6 + 2]).toBe(15); // the base network is untouched
  });

  it("as a surprise: planned without it, re-planned from March with the stock as it stood", async () => {
    const p = await planWithEvents(net, events);
    expect(p.events.replans).toEqual([{ from: "2026-03", events: ["tw-blockade"] }]);
    // Before March nobody knew: 10 chips a month from Taiwan, none held. In March-April only Korea's 4 a month.
    expect(Array.from(p.deliveries)).toEqual([10, 10, 4, 4, 10, 10]);
    expect(checkPlan(applyEvents(net, events), p)).toEqual([]);
  });

  it("with foresight: stocks up before it (only then), and delivers 12 more boxes", async () => {
    const p = await planWithEvents(net, events, { foresight: true });
    expect(p.events.foresight).toBe(true);
    // March-April need 20 chips; Korea makes 8 then, so 12 must be in US stock by March. Taiwan can spare
    // 5 a month in January-February (15 less 10 for demand): 10; the cheapest other 2 come from Korea early.
    expect(sum(p.deliveries, 0, 1)).toBeCloseTo(20, 6);
    expect(sum(p.deliveries, 2, 3)).toBeCloseTo(20, 6);
    expect(sum(p.deliveries, 4, 5)).toBeCloseTo(20, 6);
    const chipTw = net.operations.findIndex((o) => o.id === "chip-tw");
    expect(sum(p.starts, chipTw * 6, chipTw * 6 + 1)).toBeCloseTo(30, 6);
    // The surprise plan never stocks up.
    const surprise = await planWithEvents(net, events);
    expect(sum(surprise.starts, chipTw * 6, chipTw * 6 + 1)).toBeCloseTo(20, 6);
    expect(sum(p.deliveries, 0, 5) - sum(surprise.deliveries, 0, 5)).toBeCloseTo(12, 6);
    const chipKr = net.operations.findIndex((o) => o.id === "chip-kr");
    expect(sum(p.starts, chipKr * 6, chipKr * 6 + 1)).toBeCloseTo(2, 6);
  });

  it("traps stock inside the country: chips already made in Taiwan wait for the lanes to reopen", async () => {
    // Chips take a month to make in Taiwan (lead time 1): February's starts arrive in March, blockaded.
    const slow = load(TOY.replace("uses: [{ resource: tw-line, qty: 1 }], costUsd: 10 }", "uses: [{ resource: tw-line, qty: 1 }], costUsd: 10, leadTime: 1 }"));
    const p = await planWithEvents(slow.net, slow.events);
    const twUs = 0;
    // Nothing leaves Taiwan in March or April although February's 10 chips sit there from March.
    expect(p.shipments[twUs * 6 + 2]).toBe(0);
    expect(p.shipments[twUs * 6 + 3]).toBe(0);
    const chipsAtTw = slow.net.nodeItem.findIndex((it, n) => slow.net.items[it].id === "chip" && slow.net.sites[slow.net.nodeSite[n]].id === "tw");
    expect(p.inventory[chipsAtTw * 6 + 3]).toBeCloseTo(10, 6);
    expect(checkPlan(applyEvents(slow.net, slow.events), p)).toEqual([]);
  });
});
