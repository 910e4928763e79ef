// Built-in scenarios by name (never by path: clients cannot make the server read a file of their choice)
// and the display view of a normalized network that the dashboard's map and flow draw from.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { builtinNames, DEFAULT_SCENARIO, SCENARIO_DIR } from "../cli/scenario-file.js";
import { type LoadResult, loadScenarioText, type Network, normalize, type Scenario } from "../model/index.js";
import type { z } from "@hono/zod-openapi";
import { invalidScenario, notFound } from "./problem.js";
import { type NetworkViewSchema, SCENARIO_NAME, type ScenarioSummarySchema } from "./schemas.js";

export { DEFAULT_SCENARIO, SCENARIO_NAME };

export type ScenarioSummary = z.infer<typeof ScenarioSummarySchema>;
export type NetworkView = z.infer<typeof NetworkViewSchema>;

export interface LoadedBuiltin {
  name: string;
  text: string;
  scenario: Scenario;
  network: Network;
}

const cache = new Map<string, { mtimeMs: number; text: string; result: LoadResult; network?: Network }>();

export function listBuiltins(): string[] {
  return builtinNames();
}

/** A built-in scenario by name, parsed and normalized (cached until its file changes). */
export function loadBuiltin(name: string): LoadedBuiltin {
  if (!SCENARIO_NAME.test(name) || !builtinNames().includes(name)) {
    throw notFound(`no built-in scenario named '${name}' (built-ins: ${builtinNames().join(", ")})`);
  }
  const file = join(SCENARIO_DIR, `${name}.yaml`);
  const mtimeMs = statSync(file).mtimeMs;
  let entry = cache.get(name);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    const text = readFileSync(file, "utf8");
    entry = { mtimeMs, text, result: loadScenarioText(text) };
    cache.set(name, entry);
  }
  if (!entry.result.ok) throw invalidScenario(entry.result.problems);
  entry.network ??= normalize(entry.result.scenario);
  return { name, text: entry.text, scenario: entry.result.scenario, network: entry.network };
}

export function summarize(s: Scenario): ScenarioSummary {
  return {
    name: s.name,
    title: s.title,
    question: s.question ?? s.title,
    start: s.horizon.start,
    periods: s.horizon.periods,
    bucket: s.horizon.bucket,
    sites: s.sites.length,
    resources: s.resources.length,
    operations: s.operations.length,
    lanes: s.lanes.length,
    countries: [...new Set(s.sites.map((x) => x.country))].sort(),
  };
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

export function networkView(net: Network): NetworkView {
  const { T } = net;
  const siteId = (i: number) => net.sites[i].id;
  const nodeItemId = (n: number) => net.items[net.nodeItem[n]].id;
  const laneItems = net.lanes.map(() => [] as string[]);
  // A lane's transit is its first arc's (one pass: a search per lane would be quadratic in lanes).
  const laneTransit = net.lanes.map(() => -1);
  for (let a = 0; a < net.arcLane.length; a++) {
    const l = net.arcLane[a];
    laneItems[l].push(nodeItemId(net.arcFrom[a]));
    if (laneTransit[l] < 0) laneTransit[l] = net.arcTransit[a];
  }
  for (let l = 0; l < laneTransit.length; l++) if (laneTransit[l] < 0) laneTransit[l] = 0;
  const onshore = [...new Set(net.sites.filter((_, i) => net.siteOnshore[i] === 1).map((s) => s.country))].sort();
  const siteCapacity = capacityValue(net);
  return {
    periods: net.periods,
    onshore,
    sites: net.sites.map((s, i) => ({ id: s.id, name: s.name, operator: s.operator, country: s.country, role: s.role ?? null, lat: s.lat, lon: s.lon, onshore: net.siteOnshore[i] === 1, capacityValueUsd: siteCapacity[i] })),
    lanes: net.lanes.map((l, i) => ({ id: l.id, from: siteId(l.from), to: siteId(l.to), items: laneItems[i], transit: laneTransit[i], capacity: finite(l.capacity) })),
    resources: net.resources.map((r, i) => ({ id: r.id, name: r.name, unit: r.unit, site: siteId(r.site), capacity: Array.from(net.capacity.subarray(i * T, (i + 1) * T)) })),
    items: net.items.map((x) => ({ id: x.id, name: x.name, unit: x.unit, valueUsd: x.valueUsd })),
    operations: net.operations.map((o, i) => {
      const consumes: string[] = [];
      for (let k = net.opInStart[i]; k < net.opInStart[i + 1]; k++) consumes.push(nodeItemId(net.opInNode[k]));
      // Value added per good unit out at the horizon's last yield: the output's value less its inputs' and
      // less the margin booked to the output's owner (which counts in the owner's country, not here).
      const good = net.opOutQty[i] * net.opYield[i * T + T - 1];
      const item = net.nodeItem[net.opOutNode[i]];
      const valueAddedUsd = good > 0 ? net.items[item].valueUsd - net.itemMargin[item] - net.opInputValue[i] / good : 0;
      return { id: o.id, name: o.name, site: siteId(o.site), produces: nodeItemId(net.opOutNode[i]), consumes, valueAddedUsd };
    }),
    demands: net.demands.map((d, i) => ({
      id: d.id,
      item: nodeItemId(net.demandNode[i]),
      site: siteId(net.nodeSite[net.demandNode[i]]),
      priceUsd: d.priceUsd,
      unbounded: d.unbounded,
      quantity: d.unbounded ? null : Array.from(net.demandQty.subarray(i * T, (i + 1) * T)),
    })),
    targets: net.targets.map((g) => ({ id: g.id, description: g.description, items: g.items.map((i) => net.items[i].id), measure: g.measure, valueUsd: g.valueUsd, by: net.periods[Math.min(Math.max(g.by, 0), T - 1)] })),
  };
}

/**
 * Per site and period, the value its capacity-limited operations could add at full capacity, in USD:
 * what makes sites of different trades (wafers, stacks, racks) comparable on one map. An operation
 * can start as often as its scarcest resource allows; operations that share a resource are
 * alternatives, so a resource counts once, with its most valuable operation.
 */
function capacityValue(net: Network): (number[] | null)[] {
  const { T } = net;
  const byResource = new Map<number, { site: number; value: Float64Array }>();
  net.operations.forEach((op, o) => {
    const first = net.opResStart[o];
    const last = net.opResStart[o + 1];
    if (first === last) return;
    const value = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let starts = Number.POSITIVE_INFINITY;
      for (let k = first; k < last; k++) starts = Math.min(starts, net.capacity[net.opRes[k] * T + t] / net.opResQty[k]);
      // Value added per start: its good output's value (less its owner's margin) less its inputs'.
      const item = net.nodeItem[net.opOutNode[o]];
      value[t] = starts * (net.opOutQty[o] * net.opYield[o * T + t] * (net.items[item].valueUsd - net.itemMargin[item]) - net.opInputValue[o]);
    }
    const key = net.opRes[first];
    const seen = byResource.get(key);
    if (!seen) byResource.set(key, { site: op.site, value });
    else for (let t = 0; t < T; t++) seen.value[t] = Math.max(seen.value[t], value[t]);
  });
  const out: (number[] | null)[] = net.sites.map(() => null);
  for (const { site, value } of byResource.values()) {
    const row = out[site] ?? new Array<number>(T).fill(0);
    for (let t = 0; t < T; t++) row[t] += Number.isFinite(value[t]) ? value[t] : 0;
    out[site] = row;
  }
  return out;
}
