// Built-in scenarios by name (never by path: clients cannot make the server read a file of their choice)
// and the display view of a normalized network that the dashboard's map and flow draw from.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { builtinNames, DEFAULT_SCENARIO, SCENARIO_DIR } from "../cli/scenario-file.js";
import { type LoadResult, loadScenarioText, type Network, normalize, type Scenario } from "../model/index.js";
import { invalidScenario, notFound } from "./problem.js";

export { DEFAULT_SCENARIO };

export const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,79}$/;

export interface ScenarioSummary {
  name: string;
  title: string;
  question: string;
  start: string;
  periods: number;
  bucket: string;
  sites: number;
  resources: number;
  operations: number;
  lanes: number;
  countries: string[];
}

export interface NetworkView {
  periods: string[];
  onshore: string[];
  sites: { id: string; name: string; operator: string; country: string; role: string | null; lat: number; lon: number; onshore: boolean }[];
  lanes: { id: string; from: string; to: string; items: string[]; transit: number; capacity: number | null }[];
  resources: { id: string; name: string; unit: string; site: string; capacity: number[] }[];
  items: { id: string; name: string; unit: string; valueUsd: number }[];
  operations: { id: string; name: string; site: string; produces: string; consumes: string[]; valueAddedUsd: number }[];
  demands: { id: string; item: string; site: string; priceUsd: number }[];
  targets: { id: string; description: string; valueUsd: number; by: string }[];
}

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
  return {
    periods: net.periods,
    onshore,
    sites: net.sites.map((s, i) => ({ id: s.id, name: s.name, operator: s.operator, country: s.country, role: s.role ?? null, lat: s.lat, lon: s.lon, onshore: net.siteOnshore[i] === 1 })),
    lanes: net.lanes.map((l, i) => ({ id: l.id, from: siteId(l.from), to: siteId(l.to), items: laneItems[i], transit: laneTransit[i], capacity: finite(l.capacity) })),
    resources: net.resources.map((r, i) => ({ id: r.id, name: r.name, unit: r.unit, site: siteId(r.site), capacity: Array.from(net.capacity.subarray(i * T, (i + 1) * T)) })),
    items: net.items.map((x) => ({ id: x.id, name: x.name, unit: x.unit, valueUsd: x.valueUsd })),
    operations: net.operations.map((o, i) => {
      const consumes: string[] = [];
      for (let k = net.opInStart[i]; k < net.opInStart[i + 1]; k++) consumes.push(nodeItemId(net.opInNode[k]));
      return { id: o.id, name: o.name, site: siteId(o.site), produces: nodeItemId(net.opOutNode[i]), consumes, valueAddedUsd: net.opValueAdded[i] };
    }),
    demands: net.demands.map((d, i) => ({ id: d.id, item: nodeItemId(net.demandNode[i]), site: siteId(net.nodeSite[net.demandNode[i]]), priceUsd: d.priceUsd })),
    targets: net.targets.map((g) => ({ id: g.id, description: g.description, valueUsd: g.valueUsd, by: net.periods[Math.min(Math.max(g.by, 0), T - 1)] })),
  };
}
