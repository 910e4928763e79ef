// Dated events as overlays on a Network: a blockade, an outage, a lane closure, a tariff, an export ban,
// a demand shock, each over a window of periods. One function applies them, and every engine reads the
// result; the planner decides whether they came as a surprise (src/plan/replan.ts). Pure: text in for
// event files, data out; problems as data with their positions.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import type { Network, ScheduledEvent } from "./normalize.js";
import { periodOrdinal, periodPattern } from "./period.js";
import { type PathSegment, type Problem, suggest } from "./problems.js";
import { eventSchema, type Scenario, type ScenarioEvent } from "./schema.js";

/** An event resolved to period indexes (relative to the horizon's start) and the network's indexes. */
export interface AppliedEvent {
  id: string;
  kind: ScenarioEvent["kind"];
  start: number;
  /** Inclusive. */
  end: number;
  event: ScenarioEvent;
}

/** The problems of one event against a scenario, with paths under `base`. */
export function checkEvent(s: Pick<Scenario, "horizon" | "sites" | "resources" | "lanes" | "items" | "demand" | "sources">, e: ScenarioEvent, base: PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  const add = (code: Problem["code"], path: PathSegment[], message: string) => problems.push({ code, path: [...base, ...path], message });
  const bucket = s.horizon.bucket;
  const first = periodOrdinal(s.horizon.start, bucket);
  const index = (label: string, path: PathSegment[]): number | null => {
    const o = periodOrdinal(label, bucket);
    if (o === null) {
      add("period_format", path, `'${label}' is not a ${bucket} period (${periodPattern(bucket)})`);
      return null;
    }
    if (first === null) return null;
    const i = o - first;
    if (i < 0 || i >= s.horizon.periods) {
      add("period_outside_horizon", path, `${label} is outside the horizon ${s.horizon.start} + ${s.horizon.periods} ${bucket}s`);
      return null;
    }
    return i;
  };
  const start = index(e.start, ["start"]);
  const end = e.end !== undefined ? index(e.end, ["end"]) : null;
  if (e.end !== undefined && e.periods !== undefined) add("inconsistent", ["periods"], "give `end` or `periods`, not both");
  if (e.end === undefined && e.periods === undefined) add("missing", [], "an event needs `end` or `periods`");
  if (start !== null && end !== null && end < start) add("inconsistent", ["end"], `${e.end} is before ${e.start}`);

  const known = (kind: string, list: readonly { id: string }[], value: string | undefined, key: string) => {
    if (value === undefined) return;
    if (list.some((x) => x.id === value)) return;
    const near = suggest(value, list.map((x) => x.id));
    add("dangling_reference", [key], `unknown ${kind} '${value}'${near ? ` (did you mean '${near}'?)` : ""}`);
  };
  const countries = new Set(s.sites.map((x) => x.country));
  const country = (value: string | undefined, key: string) => {
    if (value !== undefined && !countries.has(value)) add("dangling_reference", [key], `no site is in country '${value}'`);
  };
  known("site", s.sites, e.site, "site");
  known("resource", s.resources, e.resource, "resource");
  known("lane", s.lanes, e.lane, "lane");
  known("demand", s.demand, e.demand, "demand");
  e.items?.forEach((it, j) => {
    if (!s.items.some((x) => x.id === it)) add("dangling_reference", ["items", j], `unknown item '${it}'`);
  });
  // Where an event must hit sites, its country must have some; a tariff or ban into a country without
  // sites is allowed (it cannot bind, as in policies).
  for (const key of ["country", "from", "to"] as const) country(e[key], key);
  if (!(e.source !== undefined || e.assumption !== undefined)) add("missing", [], "an event cites a `source` or states its rationale as `assumption`");
  if (e.durationPeriods && (e.kind === "tariff" || e.kind === "demandShock")) add("inconsistent", ["durationPeriods"], `a drawn duration applies to outages, blockades, lane closures and export bans, not to a ${e.kind}`);

  const need = (keys: (keyof ScenarioEvent)[], what: string) => {
    if (keys.every((k) => e[k] === undefined)) add("missing", [], `a ${e.kind} event needs ${what}`);
  };
  const only = (allowed: (keyof ScenarioEvent)[]) => {
    const targets: (keyof ScenarioEvent)[] = ["country", "site", "resource", "lane", "from", "to", "fraction", "origin", "destination", "items", "rate", "demand", "factor", "quantity"];
    for (const k of targets) if (e[k] !== undefined && !allowed.includes(k)) add("inconsistent", [k], `\`${k}\` does not apply to a ${e.kind} event`);
  };
  switch (e.kind) {
    case "blockade":
      need(["country"], "a `country`");
      only(["country"]);
      break;
    case "outage": {
      const given = (["country", "site", "resource"] as const).filter((k) => e[k] !== undefined);
      if (given.length !== 1) add("missing", [], "an outage names exactly one of `country`, `site` or `resource`");
      only(["country", "site", "resource", "fraction"]);
      break;
    }
    case "laneClosure":
      if ((e.lane === undefined) === (e.from === undefined || e.to === undefined)) add("missing", [], "a laneClosure names a `lane`, or `from` and `to` countries");
      only(["lane", "from", "to"]);
      break;
    case "tariff":
      need(["rate"], "a `rate`");
      need(["origin"], "an `origin`");
      need(["destination"], "a `destination`");
      need(["items"], "`items`");
      only(["origin", "destination", "items", "rate"]);
      break;
    case "exportBan":
      need(["destination"], "a `destination`");
      need(["items"], "`items`");
      only(["destination", "items"]);
      break;
    case "demandShock":
      need(["demand"], "a `demand`");
      if ((e.factor === undefined) === (e.quantity === undefined)) add("missing", [], "a demandShock gives `factor` or `quantity`");
      only(["demand", "factor", "quantity"]);
      break;
  }
  return problems;
}

/** Period indexes of an event in a network (inclusive end, clipped to the horizon). */
function windowOf(net: Network, e: ScenarioEvent): { start: number; end: number } {
  const bucket = net.periods[0]?.includes("W") ? "week" : "month";
  const first = periodOrdinal(net.periods[0], bucket) as number;
  const start = (periodOrdinal(e.start, bucket) as number) - first;
  const end = e.end !== undefined ? (periodOrdinal(e.end, bucket) as number) - first : start + (e.periods ?? 1) - 1;
  return { start: Math.max(0, start), end: Math.min(net.T - 1, end) };
}

export function resolveEvent(net: Network, e: ScenarioEvent): AppliedEvent {
  const w = windowOf(net, e);
  return { id: e.id, kind: e.kind, start: w.start, end: w.end, event: e };
}

export interface ApplyOptions {
  /**
   * For the simulation: events with a `durationPeriods` are not overlaid for their stated window but
   * scheduled, so that each trial draws how long they last (Network.scheduled).
   */
  drawDurations?: boolean;
}

/** A copy of the network with the events in force over their windows. `net` is not changed. */
export function applyEvents(net: Network, events: readonly ScenarioEvent[], options: ApplyOptions = {}): Network {
  if (events.length === 0) return net;
  const drawn = (e: ScenarioEvent) => e.durationPeriods !== undefined && e.kind !== "tariff" && e.kind !== "demandShock";
  if (options.drawDurations && events.some(drawn)) {
    const fixed = applyEvents(net, events.filter((e) => !drawn(e)));
    return { ...fixed, scheduled: [...(fixed.scheduled ?? []), ...events.filter(drawn).map((e) => schedule(net, e))] };
  }
  const T = net.T;
  const capacity = net.capacity.slice();
  const outages = net.outages.map((o) => o.slice());
  const arcBanned = net.arcBanned.slice();
  const arcTariff = net.arcTariff.slice();
  const demandQty = net.demandQty.slice();
  const itemIndex = new Map(net.items.map((x, i) => [x.id, i]));
  const countryOfNode = (n: number) => net.sites[net.nodeSite[n]].country;
  for (const e of events) {
    const { start, end } = windowOf(net, e);
    if (end < start) continue;
    const length = end - start + 1;
    const down = (r: number, fraction: number) => {
      for (let t = start; t <= end; t++) capacity[r * T + t] *= 1 - fraction;
      outages[r].push({ start, length, fraction }); // kept so a drawn ramp delay recomputes capacity with it
    };
    const ban = (a: number) => arcBanned.fill(1, a * T + start, a * T + end + 1);
    switch (e.kind) {
      case "blockade":
      case "outage": {
        const fraction = e.kind === "blockade" ? 1 : (e.fraction ?? 1);
        net.resources.forEach((res, r) => {
          const site = net.sites[res.site];
          const hit = e.resource !== undefined ? res.id === e.resource : e.site !== undefined ? site.id === e.site : site.country === e.country;
          if (hit) down(r, fraction);
        });
        // A blockade closes every lane from or to the country: its stock is trapped, nothing reaches it.
        if (e.kind === "blockade") {
          for (let a = 0; a < net.arcLane.length; a++) if (countryOfNode(net.arcFrom[a]) === e.country || countryOfNode(net.arcTo[a]) === e.country) ban(a);
        }
        break;
      }
      case "laneClosure":
        for (let a = 0; a < net.arcLane.length; a++) {
          const lane = net.lanes[net.arcLane[a]];
          const hit = e.lane !== undefined ? lane.id === e.lane : countryOfNode(net.arcFrom[a]) === e.from && countryOfNode(net.arcTo[a]) === e.to;
          if (hit) ban(a);
        }
        break;
      case "tariff":
      case "exportBan": {
        const items = new Set((e.items ?? []).map((id) => itemIndex.get(id)));
        for (let a = 0; a < net.arcLane.length; a++) {
          const item = net.nodeItem[net.arcFrom[a]];
          if (!items.has(item)) continue;
          const from = countryOfNode(net.arcFrom[a]);
          const to = countryOfNode(net.arcTo[a]);
          if (to !== e.destination || from === to) continue;
          if (e.kind === "exportBan") ban(a);
          else if (from === e.origin) for (let t = start; t <= end; t++) arcTariff[a * T + t] += (e.rate ?? 0) * net.items[item].valueUsd;
        }
        break;
      }
      case "demandShock": {
        const d = net.demands.findIndex((x) => x.id === e.demand);
        if (d < 0) break;
        for (let t = start; t <= end; t++) demandQty[d * T + t] = e.quantity !== undefined ? e.quantity : demandQty[d * T + t] * (e.factor ?? 1);
        break;
      }
    }
  }
  return { ...net, capacity, outages, arcBanned, arcTariff, demandQty };
}

/** What an event with a drawn length does, as masks for the simulator (outages, blockades, lane closures, bans). */
function schedule(net: Network, e: ScenarioEvent): ScheduledEvent {
  const { start } = windowOf(net, e);
  // Overlay the event over the whole horizon once, and read which resources and arcs it hits.
  const whole = applyEvents(net, [{ ...e, start: net.periods[Math.min(start, net.T - 1)], end: net.periods[net.T - 1], periods: undefined, durationPeriods: undefined }]);
  const t = Math.min(Math.max(start, 0), net.T - 1);
  const resourceMask = Uint8Array.from(net.resources, (_, r) => (whole.capacity[r * net.T + t] < net.capacity[r * net.T + t] ? 1 : 0));
  const arcMask = Uint8Array.from(net.arcLane, (_, a) => (whole.arcBanned[a * net.T + t] === 1 && net.arcBanned[a * net.T + t] === 0 ? 1 : 0));
  return { id: e.id, start, durationPeriods: e.durationPeriods as NonNullable<ScenarioEvent["durationPeriods"]>, fraction: e.kind === "outage" ? (e.fraction ?? 1) : 1, resourceMask, arcMask };
}

/**
 * What events do to the network's sites and lanes in one period, read off the network they were applied
 * to (never worked out again from the events' fields), for maps and tables.
 */
export interface EventFootprint {
  /** Sites whose resources lose capacity: `share` is the capacity lost, averaged over the site's resources (1: the site is down). */
  sitesDown: { site: string; share: number }[];
  /** Sites with lanes, every one of which is closed: nothing goes in or out (a site with no capacity of its own in a blockaded country, say). */
  sitesCutOff: string[];
  /** Lanes that carry nothing: closed for every item they carry. */
  lanesClosed: string[];
  /** Lanes closed for some of their items only (an export ban, say): the items that may not go. */
  lanesRestricted: { lane: string; items: string[] }[];
}

/** The footprint in period `t` of the events that turned `base` into `applied` (applyEvents, no drawn durations). */
function footprintAt(base: Network, applied: Network, t: number): EventFootprint {
  const T = base.T;
  const lost = base.resources.map((_, r) => {
    let left = 1;
    for (const o of applied.outages[r].slice(base.outages[r].length)) if (t >= o.start && t < o.start + o.length) left *= 1 - o.fraction;
    return 1 - left;
  });
  const bySite = new Map<number, number[]>();
  base.resources.forEach((res, r) => bySite.set(res.site, [...(bySite.get(res.site) ?? []), lost[r]]));
  const sitesDown: EventFootprint["sitesDown"] = [];
  for (const [site, shares] of [...bySite].sort((a, b) => a[0] - b[0])) {
    const share = shares.reduce((x, y) => x + y, 0) / shares.length;
    if (share > 1e-12) sitesDown.push({ site: base.sites[site].id, share: Math.min(1, share) });
  }
  // Per lane: its arcs (one per item), which are closed at t, and which of those the events closed.
  const lanes = base.lanes.map(() => ({ arcs: 0, closed: 0, byEvents: [] as string[] }));
  for (let a = 0; a < base.arcLane.length; a++) {
    const l = lanes[base.arcLane[a]];
    l.arcs++;
    if (applied.arcBanned[a * T + t] === 1) {
      l.closed++;
      if (base.arcBanned[a * T + t] === 0) l.byEvents.push(base.items[base.nodeItem[base.arcFrom[a]]].id);
    }
  }
  const lanesClosed: string[] = [];
  const lanesRestricted: EventFootprint["lanesRestricted"] = [];
  const shut = base.lanes.map((_, i) => lanes[i].arcs > 0 && lanes[i].closed === lanes[i].arcs);
  lanes.forEach((l, i) => {
    if (l.byEvents.length === 0) return;
    if (shut[i]) lanesClosed.push(base.lanes[i].id);
    else lanesRestricted.push({ lane: base.lanes[i].id, items: l.byEvents });
  });
  const siteLanes = base.sites.map(() => [] as number[]);
  base.lanes.forEach((l, i) => {
    for (const site of new Set([l.from, l.to])) siteLanes[site].push(i);
  });
  const sitesCutOff = base.sites
    .filter((_, site) => {
      const own = siteLanes[site];
      return own.length > 0 && own.every((i) => shut[i]) && own.some((i) => lanes[i].byEvents.length > 0);
    })
    .map((s) => s.id);
  return { sitesDown, sitesCutOff, lanesClosed, lanesRestricted };
}

/** An applied event as a run and a what-if answer report it: its window as period labels, and what it does over it. */
export interface AppliedEventJson extends EventFootprint {
  id: string;
  kind: ScenarioEvent["kind"];
  start: string;
  /** Inclusive. */
  end: string;
}

/** A stretch of periods over which the same events are in force, and what they do together. */
export interface EventsInForce extends EventFootprint {
  from: string;
  /** Inclusive. */
  to: string;
  events: string[];
}

/**
 * The events applied to `net`, each with its footprint over its window, and the periods split where the
 * set of events in force (or what they do together) changes. Each footprint is read off applyEvents's
 * network, so the map shows what the engines planned with.
 */
export function eventFootprints(net: Network, events: readonly ScenarioEvent[]): { applied: AppliedEventJson[]; inForce: EventsInForce[] } {
  const resolved = events.map((e) => resolveEvent(net, e));
  const applied = resolved.map((r): AppliedEventJson => {
    const empty = { sitesDown: [], sitesCutOff: [], lanesClosed: [], lanesRestricted: [] };
    const footprint = r.end >= r.start ? footprintAt(net, applyEvents(net, [r.event]), r.start) : empty;
    return { id: r.id, kind: r.kind, start: net.periods[r.start], end: net.periods[r.end], ...footprint };
  });
  const inForce: EventsInForce[] = [];
  let key = "";
  let ids = "";
  let together = net;
  for (let t = 0; t < net.T; t++) {
    const now = resolved.filter((r) => r.start <= t && t <= r.end);
    if (now.length === 0) {
      key = "";
      continue;
    }
    const named = JSON.stringify(now.map((r) => r.id));
    if (named !== ids) together = applyEvents(net, now.map((r) => r.event));
    ids = named;
    const footprint = footprintAt(net, together, t);
    const k = JSON.stringify([named, footprint]);
    const last = inForce.at(-1);
    if (last && k === key) last.to = net.periods[t];
    else inForce.push({ from: net.periods[t], to: net.periods[t], events: now.map((r) => r.id), ...footprint });
    key = k;
  }
  return { applied, inForce };
}

const eventFileSchema = z.union([z.strictObject({ events: z.array(eventSchema).min(1) }), eventSchema]);

export type EventsLoad = { ok: true; events: ScenarioEvent[] } | { ok: false; problems: Problem[] };

/**
 * An event file (one event, or `events: [...]`), validated against a scenario: every problem at once,
 * with line and column.
 */
export function loadEventsText(text: string, scenario: Scenario): EventsLoad {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => ({ code: "syntax", path: [], message: e.message.split("\n")[0], ...at(e.pos[0]) })) };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, problems: [{ code: "syntax", path: [], message: err instanceof Error ? err.message : String(err), line: 1, col: 1 }] };
  }
  const parsed = eventFileSchema.safeParse(raw);
  const locate = (p: Problem): Problem => {
    for (let k = p.path.length; k >= 0; k--) {
      const node = doc.getIn(p.path.slice(0, k), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return { ...p, ...at(node.range[0]) };
    }
    return { ...p, line: 1, col: 1 };
  };
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => locate({ code: i.code === "unrecognized_keys" ? "unknown_key" : "invalid_value", path: i.path as PathSegment[], message: i.message })) };
  }
  const listed = "events" in parsed.data ? parsed.data.events : [parsed.data as ScenarioEvent];
  const base = "events" in parsed.data ? (i: number): PathSegment[] => ["events", i] : (): PathSegment[] => [];
  const problems = listed.flatMap((e, i) => checkEvent(scenario, e, base(i))).map(locate);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, events: listed };
}

/** An event as `waferline events --json` and GET /api/scenarios/{name}/events list it. */
export interface EventSummary {
  name: string;
  kind: ScenarioEvent["kind"];
  start: string;
  end: string | null;
  periods: number | null;
  description: string | null;
  source: string | string[] | null;
  assumption: string | null;
  /** Named in the scenario's `whatIf.events`: every run of it applies the event. */
  inForce: boolean;
}

export function eventSummaries(scenario: Pick<Scenario, "events" | "whatIf">): EventSummary[] {
  const stated = new Set(scenario.whatIf?.events ?? []);
  return scenario.events.map((e) => ({
    name: e.id,
    kind: e.kind,
    start: e.start,
    end: e.end ?? null,
    periods: e.periods ?? null,
    description: e.description ?? null,
    source: e.source ?? null,
    assumption: e.assumption ?? null,
    inForce: stated.has(e.id),
  }));
}

/** Whether the events come known in advance: as the run asks, else as the scenario's `whatIf.foresight` says. */
export function foresightOf(scenario: Pick<Scenario, "whatIf">, asked: boolean | undefined): boolean {
  return asked ?? scenario.whatIf?.foresight ?? false;
}

/** An event named from the scenario's library, or one given whole. */
export type EventRef = string | ScenarioEvent;

/**
 * Event references resolved against a scenario (as the API receives them): a name must be in its
 * library, an event given whole is checked like a library entry, and no event may come twice. The
 * scenario's own `whatIf.events` come first (every run of it applies them); a name among them asked for
 * again applies once. Every problem at once, each with its path under `events`.
 */
export function resolveEventRefs(scenario: Scenario, refs: readonly EventRef[]): { ok: true; events: ScenarioEvent[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const stated = inForce(scenario);
  const events: ScenarioEvent[] = [...stated];
  const seen = new Set<string>(stated.map((e) => e.id));
  refs.forEach((ref, i) => {
    let e: ScenarioEvent | undefined;
    if (typeof ref === "string") {
      if (stated.some((x) => x.id === ref)) return;
      e = scenario.events.find((x) => x.id === ref);
      if (!e) {
        const ids = scenario.events.map((x) => x.id);
        const near = suggest(ref, ids);
        problems.push({ code: "dangling_reference", path: ["events", i], message: `no event '${ref}' in ${scenario.name}'s library${near ? ` (did you mean '${near}'?)` : ""} (events: ${ids.join(", ") || "none"})` });
        return;
      }
    } else {
      const found = checkEvent(scenario, ref, ["events", i]);
      if (found.length > 0) {
        problems.push(...found);
        return;
      }
      e = ref;
    }
    if (seen.has(e.id)) problems.push({ code: "duplicate_id", path: ["events", i], message: `event '${e.id}' is given twice` });
    seen.add(e.id);
    events.push(e);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, events };
}

/** The library events the scenario's `whatIf.events` names, in that order (checked to exist when it loaded). */
export function inForce(scenario: Pick<Scenario, "events" | "whatIf">): ScenarioEvent[] {
  return (scenario.whatIf?.events ?? []).flatMap((name) => scenario.events.filter((e) => e.id === name));
}
