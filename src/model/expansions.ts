// Expansion options (`expansions:`): capacity that could be built, what it costs and how fast it comes.
// Three pure steps: the checks (with paths, as check.ts does for the rest), a new site as a copy of an
// existing one added to the scenario (only for investment planning: plans, simulations and stress
// tests of the network as it stands never see plants that may not be built), and the normalized
// records that the invest engine reads from Network.expansions.
import { periodLabel, periodOrdinal } from "./period.js";
import { type PathSegment, type Problem, suggest } from "./problems.js";
import type { Expansion, Scenario } from "./schema.js";

/** One option, in period indexes and central figures. */
export interface ExpansionRef {
  id: string;
  name: string;
  /** Index in Network.resources of the resource it adds to. */
  resource: number;
  /** USD per unit of capacity per period, the central figure, and the range's bounds (equal when a single figure). */
  capexPerUnitUsd: number;
  capexPerUnitRange: [number, number];
  /** USD per build. */
  fixedCapexUsd: number;
  fixedCapexRange: [number, number];
  /** Periods from decision to first output. */
  leadTime: number;
  rampPeriods: number;
  rampShape: "linear" | "s-curve";
  /** First and last decision period (indexes; the last may be past the horizon when not given). */
  earliest: number;
  latest: number;
  maxSize: number;
  /** Capacity per module, or null when any size may be built. */
  moduleSize: number | null;
  /** The new site's id when the option builds one. */
  newSite: string | null;
}

type Money = Expansion["capexPerUnitUsd"];
const central = (m: Money) => (typeof m === "number" ? m : m.central);
const bounds = (m: Money): [number, number] => (typeof m === "number" ? [m, m] : [m.low, m.high]);

/** The id of a new site's copy of a resource, operation or lane. */
export const copyId = (site: string, id: string) => `${site}.${id}`;

/**
 * The scenario with every option's new site added: a copy of its `like` site with the same operations
 * and lanes (ids `<new site>.<original id>`) and the same resources at zero capacity. Options that
 * build no new site leave the scenario as it is.
 */
export function withExpansionSites(s: Scenario): Scenario {
  const fresh = s.expansions.filter((e) => e.newSite !== undefined);
  if (fresh.length === 0) return s;
  const out: Scenario = { ...s, sites: [...s.sites], resources: [...s.resources], operations: [...s.operations], lanes: [...s.lanes] };
  const done = new Set<string>();
  for (const e of fresh) {
    const ns = e.newSite as NonNullable<Expansion["newSite"]>;
    if (done.has(ns.id)) continue;
    done.add(ns.id);
    const like = s.sites.find((x) => x.id === ns.like);
    if (!like) continue; // reported by checkExpansions
    const cite = { ...(e.source !== undefined ? { source: e.source } : {}), ...(e.assumption !== undefined ? { assumption: e.assumption } : {}) };
    out.sites.push({ id: ns.id, name: ns.name, operator: ns.operator, country: ns.country ?? like.country, lat: ns.lat, lon: ns.lon, role: like.role, recoveryPeriods: like.recoveryPeriods, ...cite });
    const rename = new Map<string, string>();
    for (const r of s.resources.filter((x) => x.site === like.id)) {
      rename.set(r.id, copyId(ns.id, r.id));
      out.resources.push({ id: copyId(ns.id, r.id), site: ns.id, name: `${r.name} (${ns.name})`, unit: r.unit, levels: [], ramps: [], outages: [], ...cite });
    }
    for (const op of s.operations.filter((x) => x.site === like.id)) {
      out.operations.push({ ...op, id: copyId(ns.id, op.id), site: ns.id, uses: op.uses.map((u) => ({ ...u, resource: rename.get(u.resource) ?? u.resource })) });
    }
    for (const l of s.lanes.filter((x) => x.from === like.id || x.to === like.id)) {
      out.lanes.push({ ...l, id: copyId(ns.id, l.id), from: l.from === like.id ? ns.id : l.from, to: l.to === like.id ? ns.id : l.to });
    }
  }
  return out;
}

type Add = (code: Problem["code"], path: PathSegment[], message: string) => void;

/** Checks the schema cannot express: references, periods, sizes, lead times within the horizon. */
export function checkExpansions(s: Scenario, add: Add, inHorizon: (label: string, path: PathSegment[]) => number | null): void {
  const resources = new Map(s.resources.map((r) => [r.id, r]));
  const sites = new Set(s.sites.map((x) => x.id));
  const seen = new Map<string, number>();
  const newSites = new Map<string, number>();
  const bucket = s.horizon.bucket;
  const first = periodOrdinal(s.horizon.start, bucket);
  const T = s.horizon.periods;
  // Copies of resources at new sites may be expanded by later options, by their copy ids.
  const copies = new Map<string, string>();
  for (const e of s.expansions) {
    if (!e.newSite) continue;
    for (const r of s.resources) if (r.site === e.newSite.like) copies.set(copyId(e.newSite.id, r.id), r.unit);
  }
  s.expansions.forEach((e, i) => {
    const base: PathSegment[] = ["expansions", i];
    if (seen.has(e.id)) add("duplicate_id", [...base, "id"], `duplicate id '${e.id}' (first at expansions.${seen.get(e.id)})`);
    else seen.set(e.id, i);

    if (e.newSite) {
      const ns = e.newSite;
      if (sites.has(ns.id)) add("duplicate_id", [...base, "newSite", "id"], `site '${ns.id}' exists already: a new site needs a new id`);
      else if (newSites.has(ns.id)) add("duplicate_id", [...base, "newSite", "id"], `new site '${ns.id}' is declared by expansions.${newSites.get(ns.id)} already: expand its copy '${copyId(ns.id, e.resource)}' instead`);
      else newSites.set(ns.id, i);
      const like = s.sites.find((x) => x.id === ns.like);
      if (!like) add("dangling_reference", [...base, "newSite", "like"], `unknown site '${ns.like}'`);
      else {
        const r = resources.get(e.resource);
        if (!r || r.site !== like.id) {
          const at = s.resources.filter((x) => x.site === like.id).map((x) => x.id);
          add("dangling_reference", [...base, "resource"], `a new site copies a resource of its \`like\` site '${like.id}': ${at.length ? `one of ${at.join(", ")}` : "that site has none"}, not '${e.resource}'`);
        }
      }
    } else if (!resources.has(e.resource) && !copies.has(e.resource)) {
      const near = suggest(e.resource, [...resources.keys(), ...copies.keys()]);
      add("dangling_reference", [...base, "resource"], `unknown resource '${e.resource}'${near ? ` (did you mean '${near}'?)` : ""}`);
    }

    for (const key of ["capexPerUnitUsd", "fixedCapexUsd"] as const) {
      const m = e[key];
      const path = [...base, key];
      if (typeof m === "number") {
        if (m < 0) add("out_of_range", path, `a capital cost cannot be negative (got ${m})`);
      } else {
        if (m.low < 0) add("out_of_range", [...path, "low"], `a capital cost cannot be negative (got ${m.low})`);
        if (!(m.low <= m.central && m.central <= m.high)) add("inconsistent", path, `a range needs low <= central <= high (got ${m.low}, ${m.central}, ${m.high})`);
      }
    }
    if (central(e.capexPerUnitUsd) === 0 && central(e.fixedCapexUsd) === 0 && e.assumption === undefined) {
      add("missing", base, "an option with no capital cost needs an `assumption` saying why it is free");
    }
    if (e.moduleSize !== undefined && e.moduleSize > e.maxSize) {
      add("out_of_range", [...base, "moduleSize"], `a module of ${e.moduleSize} is larger than the maximum size ${e.maxSize}: not one module fits`);
    }

    const earliest = e.earliestDecision !== undefined ? inHorizon(e.earliestDecision, [...base, "earliestDecision"]) : 0;
    const latest = e.latestDecision !== undefined ? inHorizon(e.latestDecision, [...base, "latestDecision"]) : null;
    if (earliest !== null && latest !== null && latest < earliest) add("inconsistent", [...base, "latestDecision"], `${e.latestDecision} is before the earliest decision ${e.earliestDecision ?? s.horizon.start}`);
    if (earliest !== null && first !== null && earliest + e.leadTime >= T) {
      const label = (k: number) => periodLabel(first + k, bucket);
      add(
        "out_of_range",
        [...base, "leadTime"],
        `a lead time of ${e.leadTime} ${bucket}s: decided at the earliest in ${label(earliest)}, its first output would be in ${label(earliest + e.leadTime)}, after the horizon ends (${label(T - 1)})`,
      );
    }
  });
}

/** The options in period indexes; those whose resource is not in the network (a new site's, unless added) are left out. */
export function normalizeExpansions(s: Scenario, at: (label: string) => number, resourceIndex: ReadonlyMap<string, number>): ExpansionRef[] {
  const T = s.horizon.periods;
  const out: ExpansionRef[] = [];
  for (const e of s.expansions) {
    const id = e.newSite ? copyId(e.newSite.id, e.resource) : e.resource;
    const resource = resourceIndex.get(id);
    if (resource === undefined) continue;
    out.push({
      id: e.id,
      name: e.name ?? e.id,
      resource,
      capexPerUnitUsd: central(e.capexPerUnitUsd),
      capexPerUnitRange: bounds(e.capexPerUnitUsd),
      fixedCapexUsd: central(e.fixedCapexUsd),
      fixedCapexRange: bounds(e.fixedCapexUsd),
      leadTime: e.leadTime,
      rampPeriods: e.ramp.periods,
      rampShape: e.ramp.shape,
      earliest: e.earliestDecision !== undefined ? Math.max(0, at(e.earliestDecision)) : 0,
      latest: e.latestDecision !== undefined ? at(e.latestDecision) : T - 1,
      maxSize: e.maxSize,
      moduleSize: e.moduleSize ?? null,
      newSite: e.newSite?.id ?? null,
    });
  }
  return out;
}
