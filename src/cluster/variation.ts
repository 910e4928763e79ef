// Sweep variations: what `--vary` names, and how a value is applied to a normalized Network.
// Pure (no I/O): the parent and every worker apply the same variations to the same scenario text,
// so a point's network is identical wherever it is built.
import type { Network } from "../model/index.js";

/**
 * One varied quantity. `capacity` multiplies a resource's capacity (every period, ramps and levels
 * alike; outages keep their fractions) or a capacitated lane's capacity. `parameter` pins an
 * uncertainty parameter to one value in its own unit (capacity or yield multiplier, periods of
 * ramp delay or lead time); the trial still draws its uniform, so every other parameter keeps its
 * random numbers (common random numbers across sweep points).
 */
export type VaryTarget = { kind: "capacity"; on: "resource" | "lane"; id: string; index: number } | { kind: "parameter"; id: string; index: number };

export interface Variation {
  /** The name as written after --vary, e.g. `capacity:tw-cowos-nvidia` or `tsmc-cowos-capacity`. */
  param: string;
  target: VaryTarget;
  value: number;
}

export interface VarySpec {
  param: string;
  target: VaryTarget;
  low: number;
  high: number;
  /** Values from low to high, evenly spaced; 2 means just the ends. */
  points: number[];
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const SPEC = new RegExp(`^([A-Za-z0-9][A-Za-z0-9._:-]*)=(${NUMBER})\\.\\.(${NUMBER})(?::(\\d+))?$`);

/** Parse `PARAM=LOW..HIGH[:STEPS]` against the network; throws an Error whose message is for the user. */
export function parseVary(text: string, net: Network): VarySpec {
  const m = SPEC.exec(text.trim());
  if (!m) throw new Error(`--vary '${text}': expected PARAM=LOW..HIGH[:STEPS], e.g. capacity:tw-cowos-nvidia=0.8..1.2 or tsmc-cowos-capacity=0.8..1.2`);
  const [, param, lowText, highText, stepsText] = m;
  const low = Number(lowText);
  const high = Number(highText);
  const steps = stepsText === undefined ? 2 : Number(stepsText);
  if (!(low <= high)) throw new Error(`--vary '${text}': LOW must not exceed HIGH`);
  if (!Number.isInteger(steps) || steps < 2 || steps > 101) throw new Error(`--vary '${text}': STEPS must be an integer from 2 to 101`);
  const target = resolveTarget(param, net);
  if (target.kind === "capacity" && low < 0) throw new Error(`--vary '${text}': a capacity multiplier must be >= 0`);
  const points = Array.from({ length: steps }, (_, i) => (i === 0 ? low : i === steps - 1 ? high : low + ((high - low) * i) / (steps - 1)));
  return { param, target, low, high, points };
}

function resolveTarget(param: string, net: Network): VaryTarget {
  if (param.startsWith("capacity:")) {
    const id = param.slice("capacity:".length);
    const r = net.resources.findIndex((x) => x.id === id);
    if (r >= 0) return { kind: "capacity", on: "resource", id, index: r };
    const l = net.lanes.findIndex((x) => x.id === id);
    if (l >= 0) {
      if (net.lanes[l].capacity === Number.POSITIVE_INFINITY) throw new Error(`--vary ${param}: lane '${id}' has no capacity to multiply`);
      return { kind: "capacity", on: "lane", id, index: l };
    }
    throw new Error(`--vary ${param}: no resource or lane '${id}' (resources: ${list(net.resources.map((x) => x.id))})`);
  }
  const k = net.uncertain.findIndex((u) => u.id === param);
  if (k >= 0) return { kind: "parameter", id: param, index: k };
  const ids = net.uncertain.map((u) => u.id);
  throw new Error(`--vary ${param}: no uncertainty parameter '${param}' (parameters: ${list(ids)}; for a capacity multiplier write capacity:RESOURCE)`);
}

function list(ids: string[]): string {
  if (ids.length === 0) return "none";
  return ids.length > 12 ? `${ids.slice(0, 12).join(", ")}, ...` : ids.join(", ");
}

/** A copy of `net` with the variations applied; `net` itself is not changed. */
export function applyVariations(net: Network, variations: readonly Variation[]): Network {
  if (variations.length === 0) return net;
  const T = net.T;
  let capacity = net.capacity;
  let capacityEvents = net.capacityEvents;
  let lanes = net.lanes;
  let uncertain = net.uncertain;
  for (const v of variations) {
    const t = v.target;
    if (t.kind === "capacity" && t.on === "resource") {
      if (capacity === net.capacity) capacity = net.capacity.slice();
      if (capacityEvents === net.capacityEvents) capacityEvents = net.capacityEvents.slice();
      for (let p = 0; p < T; p++) capacity[t.index * T + p] *= v.value;
      // Ramps are recomputed per trial when a ramp delay is drawn: scale them too.
      capacityEvents[t.index] = capacityEvents[t.index].map((e) => ({ ...e, from: e.from * v.value, to: e.to * v.value }));
    } else if (t.kind === "capacity") {
      if (lanes === net.lanes) lanes = net.lanes.slice();
      lanes[t.index] = { ...lanes[t.index], capacity: lanes[t.index].capacity * v.value };
    } else {
      if (uncertain === net.uncertain) uncertain = net.uncertain.slice();
      // A zero-width uniform returns `value` and still consumes one uniform draw (see sim/distributions).
      uncertain[t.index] = { ...uncertain[t.index], distribution: { type: "uniform", min: v.value, max: v.value } };
    }
  }
  return { ...net, capacity, capacityEvents, lanes, uncertain };
}

/** Whether the variations change anything the planner reads (capacities); parameters only move the simulation. */
export function changesPlan(variations: readonly Variation[]): boolean {
  return variations.some((v) => v.target.kind === "capacity");
}
