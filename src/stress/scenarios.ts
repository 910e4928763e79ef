// Disruption scenarios: which sites or lanes go down, and for how long (TTR). A site stops making
// things; its stock can still ship (as in the Simchi-Levi model). A country or a combination takes
// down all its sites at once, for the longest TTR among them.
import type { Network } from "../model/index.js";

export type NodeKind = "site" | "lane" | "country" | "combination";
export type Scope = NodeKind | "all";
export type TtrSource = "scenario" | "override" | "default" | "sites";

export interface Disruption {
  id: string;
  kind: NodeKind;
  name: string;
  /** Country code; "TW-US" for a lane between two countries; null for a mixed combination. */
  country: string | null;
  sites: number[];
  lanes: number[];
  ttrPeriods: number;
  ttrSource: TtrSource;
}

/** A wrong option, as data: the CLI prints it, exit 1. */
export class StressInputError extends Error {
  constructor(
    readonly code: "unknown_id" | "bad_period" | "bad_value" | "bad_combination" | "no_plan",
    message: string,
  ) {
    super(message);
    this.name = "StressInputError";
  }
}

export interface ScenarioOptions {
  scope?: Scope | Scope[];
  /** TTR overrides by id (site, lane, country or combination). */
  ttr?: Record<string, number>;
  /** TTR of a site or lane with no figure in the scenario. */
  defaultTtrPeriods?: number;
  /** Extra combinations: "TW:packaging" (country and role) or "name=site1,site2". */
  combinations?: string[];
}

export const DEFAULT_TTR_PERIODS = 3;

export function disruptions(net: Network, options: ScenarioOptions = {}): Disruption[] {
  const scopes = new Set<Scope>(options.scope === undefined ? ["all"] : Array.isArray(options.scope) ? options.scope : [options.scope]);
  const inScope = (k: NodeKind) => scopes.has("all") || scopes.has(k);
  const overrides = new Map(Object.entries(options.ttr ?? {}));
  const fallback = options.defaultTtrPeriods ?? DEFAULT_TTR_PERIODS;
  for (const [id, v] of overrides) if (!(Number.isFinite(v) && v >= 0)) throw new StressInputError("bad_value", `TTR for '${id}' must be a number of periods >= 0`);

  // Only sites that make something can be taken down in a way that matters.
  const productive = new Set(net.operations.map((op) => op.site));
  const siteTtr = (s: number): { ttr: number; source: TtrSource } => {
    const o = overrides.get(net.sites[s].id);
    if (o !== undefined) return { ttr: o, source: "override" };
    const r = net.sites[s].recoveryPeriods;
    return r !== undefined ? { ttr: r, source: "scenario" } : { ttr: fallback, source: "default" };
  };
  const group = (id: string, kind: NodeKind, name: string, sites: number[]): Disruption => {
    const o = overrides.get(id);
    const countries = new Set(sites.map((s) => net.sites[s].country));
    return {
      id,
      kind,
      name,
      country: countries.size === 1 ? [...countries][0] : null,
      sites,
      lanes: [],
      ttrPeriods: o ?? Math.max(0, ...sites.map((s) => siteTtr(s).ttr)),
      ttrSource: o !== undefined ? "override" : "sites",
    };
  };

  const out: Disruption[] = [];
  const known = new Set<string>();
  if (inScope("site")) {
    net.sites.forEach((site, s) => {
      if (!productive.has(s)) return;
      const { ttr, source } = siteTtr(s);
      out.push({ id: site.id, kind: "site", name: site.name, country: site.country, sites: [s], lanes: [], ttrPeriods: ttr, ttrSource: source });
    });
  }
  if (inScope("lane")) {
    net.lanes.forEach((lane, l) => {
      const a = net.sites[lane.from].country;
      const b = net.sites[lane.to].country;
      const o = overrides.get(lane.id);
      out.push({ id: lane.id, kind: "lane", name: `${net.sites[lane.from].id} -> ${net.sites[lane.to].id}`, country: a === b ? a : `${a}-${b}`, sites: [], lanes: [l], ttrPeriods: o ?? fallback, ttrSource: o !== undefined ? "override" : "default" });
    });
  }
  const byCountry = new Map<string, number[]>();
  for (const s of productive) byCountry.set(net.sites[s].country, [...(byCountry.get(net.sites[s].country) ?? []), s]);
  if (inScope("country")) {
    for (const [c, sites] of [...byCountry].sort((x, y) => x[0].localeCompare(y[0]))) out.push(group(c, "country", `all sites in ${c}`, sites.sort((x, y) => x - y)));
  }
  if (inScope("combination")) {
    // Automatic: sites of one role in one country, when that is more than one site and less than the country.
    const byRole = new Map<string, number[]>();
    for (const s of productive) {
      const role = net.sites[s].role;
      if (role) byRole.set(`${net.sites[s].country}:${role}`, [...(byRole.get(`${net.sites[s].country}:${role}`) ?? []), s]);
    }
    for (const [key, sites] of [...byRole].sort((x, y) => x[0].localeCompare(y[0]))) {
      const [c, role] = key.split(":");
      if (sites.length > 1 && sites.length < (byCountry.get(c)?.length ?? 0)) out.push(group(`${c}-${role}`, "combination", `${role} sites in ${c}`, sites.sort((x, y) => x - y)));
    }
  }
  for (const spec of options.combinations ?? []) out.push(combination(net, spec, productive, group));

  // One entry per id: a user combination replaces an automatic one of the same name.
  const unique = new Map<string, Disruption>();
  for (const d of out) unique.set(d.id, d);
  for (const d of unique.values()) known.add(d.id);
  for (const id of overrides.keys()) {
    const isSite = net.sites.some((x) => x.id === id);
    if (!known.has(id) && !isSite) throw new StressInputError("unknown_id", `--ttr ${id}: no site, lane, country or combination with that id in this scope`);
  }
  return [...unique.values()];
}

function combination(net: Network, spec: string, productive: Set<number>, group: (id: string, kind: NodeKind, name: string, sites: number[]) => Disruption): Disruption {
  const named = /^([A-Za-z0-9._-]+)=(.+)$/.exec(spec);
  if (named) {
    const sites = named[2].split(",").map((id) => {
      const s = net.sites.findIndex((x) => x.id === id.trim());
      if (s < 0) throw new StressInputError("bad_combination", `combination '${named[1]}': no site '${id.trim()}'`);
      return s;
    });
    return group(named[1], "combination", `sites ${named[2]}`, sites);
  }
  const byRole = /^([A-Z]{2}):(.+)$/.exec(spec);
  if (byRole) {
    const [, c, role] = byRole;
    const sites = net.sites.flatMap((x, s) => (x.country === c && x.role === role && productive.has(s) ? [s] : []));
    if (sites.length === 0) throw new StressInputError("bad_combination", `combination '${spec}': no site in ${c} has role '${role}'`);
    return group(`${c}-${role}`, "combination", `${role} sites in ${c}`, sites);
  }
  throw new StressInputError("bad_combination", `combination '${spec}': write COUNTRY:ROLE (e.g. TW:packaging) or NAME=SITE,SITE`);
}
