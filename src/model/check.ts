// Checks that a schema cannot express: unique ids, references, periods inside the horizon,
// ramps, bill-of-materials cycles, demand that nothing can supply. All problems at once.
import { checkEvent } from "./events.js";
import { checkExpansions } from "./expansions.js";
import { periodOrdinal, periodPattern } from "./period.js";
import { type PathSegment, type Problem, suggest } from "./problems.js";
import type { Distribution, Scenario } from "./schema.js";

/**
 * Ids that exist in the file but whose entries failed the schema: references to them are not dangling.
 * `supplied`: items made or stocked by such entries, so demand for them is not reported as unproduced.
 */
export type ExtraIds = Partial<Record<"sources" | "sites" | "items" | "resources" | "operations" | "lanes" | "supplied", string[]>>;

export function checkScenario(s: Scenario, extraIds: ExtraIds = {}): Problem[] {
  const problems: Problem[] = [];
  const add = (code: Problem["code"], path: PathSegment[], message: string) => problems.push({ code, path, message });

  const ids = {
    sources: uniqueIds(s.sources, ["sources"], add),
    sites: uniqueIds(s.sites, ["sites"], add),
    items: uniqueIds(s.items, ["items"], add),
    resources: uniqueIds(s.resources, ["resources"], add),
    operations: uniqueIds(s.operations, ["operations"], add),
    lanes: uniqueIds(s.lanes, ["lanes"], add),
  };
  const demandIds = uniqueIds(s.demand, ["demand"], add);
  uniqueIds(s.targets, ["targets"], add);
  uniqueIds(s.milestones, ["milestones"], add);
  uniqueIds(s.policies.tariffs, ["policies", "tariffs"], add);
  uniqueIds(s.policies.exportControls, ["policies", "exportControls"], add);
  uniqueIds(s.uncertainty.parameters, ["uncertainty", "parameters"], add);
  uniqueIds(s.uncertainty.disruptions, ["uncertainty", "disruptions"], add);

  const extra = Object.fromEntries(Object.entries(extraIds).map(([k, v]) => [k, new Set(v)])) as Partial<Record<keyof ExtraIds, Set<string>>>;
  // "Did you mean" compares a dangling id with every id of its kind: with a budget of comparisons, so
  // that thousands of dangling references to thousands of ids stay linear.
  let suggestBudget = 200_000;
  const ref = (kind: keyof typeof ids, value: string, path: PathSegment[]) => {
    if (ids[kind].has(value) || extra[kind]?.has(value)) return;
    suggestBudget -= ids[kind].size;
    const near = suggestBudget >= 0 ? suggest(value, ids[kind].keys()) : undefined;
    add("dangling_reference", path, `unknown ${singular[kind]} '${value}'${near ? ` (did you mean '${near}'?)` : ""}`);
  };

  // Periods: well-formed and inside the horizon.
  const bucket = s.horizon.bucket;
  // Labels repeat across thousands of entries: parse each once.
  const ordinals = new Map<string, number | null>();
  const ordinal = (label: string) => {
    let o = ordinals.get(label);
    if (o === undefined) {
      o = periodOrdinal(label, bucket);
      ordinals.set(label, o);
    }
    return o;
  };
  const first = ordinal(s.horizon.start);
  const inHorizon = (label: string, path: PathSegment[]): number | null => {
    const ord = ordinal(label);
    if (ord === null) {
      add("period_format", path, `'${label}' is not a ${bucket} period (${periodPattern(bucket)})`);
      return null;
    }
    if (first === null) return null;
    const index = ord - first;
    if (index < 0 || index >= s.horizon.periods) {
      add("period_outside_horizon", path, `${label} is outside the horizon ${s.horizon.start} + ${s.horizon.periods} ${bucket}s`);
      return null;
    }
    return index;
  };
  if (first === null) {
    add("period_format", ["horizon", "start"], `'${s.horizon.start}' is not a ${bucket} period (${periodPattern(bucket)})`);
  }

  // Citations anywhere in the scenario point at declared sources.
  walkCitations(s, [], (value, path) => ref("sources", value, path));

  const resourceSite = new Map(s.resources.map((r) => [r.id, r.site]));

  s.resources.forEach((r, i) => {
    const base: PathSegment[] = ["resources", i];
    ref("sites", r.site, [...base, "site"]);
    const stepAt = new Map<number, number>();
    r.levels.forEach((l, j) => {
      const at = inHorizon(l.from, [...base, "levels", j, "from"]);
      if (at === null) return;
      if (stepAt.has(at)) add("inconsistent", [...base, "levels", j, "from"], `a second level step at ${l.from}`);
      stepAt.set(at, j);
    });
    const windows: { start: number; end: number; j: number }[] = [];
    r.ramps.forEach((ramp, j) => {
      const path = [...base, "ramps", j];
      const start = inHorizon(ramp.start, [...path, "start"]);
      if ((ramp.periods === undefined) === (ramp.end === undefined)) {
        add("missing", path, "a ramp needs exactly one of `periods` or `end`");
        return;
      }
      let end: number | null = null;
      if (ramp.end !== undefined) {
        const endOrd = ordinal(ramp.end);
        const startOrd = ordinal(ramp.start);
        if (endOrd !== null && startOrd !== null && endOrd < startOrd) {
          add("ramp_reversed", [...path, "end"], `the ramp ends (${ramp.end}) before it starts (${ramp.start})`);
          return;
        }
        end = inHorizon(ramp.end, [...path, "end"]);
      } else if (start !== null) {
        end = start + (ramp.periods as number) - 1;
      }
      if (start === null || end === null) return;
      for (const w of windows) {
        if (start <= w.end && w.start <= end) {
          add("ramp_overlap", path, `overlaps ramp ${w.j} of this resource (periods ${w.start + 1}..${w.end + 1} of the horizon)`);
        }
      }
      for (const [at, j] of stepAt) {
        if (at > start && at <= end) add("ramp_overlap", [...base, "levels", j, "from"], `level step falls inside ramp ${windows.length}`);
      }
      windows.push({ start, end, j });
    });
    r.outages.forEach((o, j) => inHorizon(o.from, [...base, "outages", j, "from"]));
  });

  s.operations.forEach((op, i) => {
    const base: PathSegment[] = ["operations", i];
    ref("sites", op.site, [...base, "site"]);
    ref("items", op.produces.item, [...base, "produces", "item"]);
    op.consumes.forEach((c, j) => {
      ref("items", c.item, [...base, "consumes", j, "item"]);
      if (c.item === op.produces.item) add("bom_cycle", [...base, "consumes", j, "item"], `operation consumes the item it produces`);
    });
    op.uses.forEach((u, j) => {
      const path = [...base, "uses", j, "resource"];
      ref("resources", u.resource, path);
      const at = resourceSite.get(u.resource);
      if (at !== undefined && at !== op.site) add("inconsistent", path, `resource '${u.resource}' is at site '${at}', the operation at '${op.site}'`);
    });
    if (typeof op.yield === "object") inHorizon(op.yield.from, [...base, "yield", "from"]);
  });

  s.lanes.forEach((l, i) => {
    const base: PathSegment[] = ["lanes", i];
    ref("sites", l.from, [...base, "from"]);
    ref("sites", l.to, [...base, "to"]);
    if (l.from === l.to) add("inconsistent", [...base, "to"], "a lane must join two different sites");
    l.items.forEach((it, j) => ref("items", it, [...base, "items", j]));
  });

  s.inventory.forEach((inv, i) => {
    ref("sites", inv.site, ["inventory", i, "site"]);
    ref("items", inv.item, ["inventory", i, "item"]);
  });

  s.demand.forEach((d, i) => {
    const base: PathSegment[] = ["demand", i];
    ref("sites", d.site, [...base, "site"]);
    ref("items", d.item, [...base, "item"]);
    d.schedule.forEach((step, j) => inHorizon(step.from, [...base, "schedule", j, "from"]));
    if (!d.unbounded && d.schedule.length === 0) add("missing", base, "demand needs a `schedule` or `unbounded: true`");
    const from = d.from !== undefined ? inHorizon(d.from, [...base, "from"]) : null;
    const until = d.until !== undefined ? inHorizon(d.until, [...base, "until"]) : null;
    if (from !== null && until !== null && until < from) add("inconsistent", [...base, "until"], `${d.until} is before ${d.from}`);
  });

  const countries = new Set(s.sites.map((x) => x.country));
  const checkCountries = (list: string[], path: PathSegment[]) =>
    list.forEach((c, j) => {
      if (!countries.has(c)) add("dangling_reference", [...path, j], `no site is in country '${c}'`);
    });
  // A target or milestone names its goods with `item` or `items`, not both.
  const goods = (g: { item?: string; items?: string[] }, base: PathSegment[], required: boolean) => {
    if (g.item !== undefined && g.items !== undefined) add("inconsistent", [...base, "items"], "give `item` or `items`, not both");
    if (g.item !== undefined) ref("items", g.item, [...base, "item"]);
    g.items?.forEach((it, j) => ref("items", it, [...base, "items", j]));
    if (required && g.item === undefined && g.items === undefined) add("missing", base, "name the goods counted with `item` or `items`");
  };
  s.targets.forEach((t, i) => {
    const base: PathSegment[] = ["targets", i];
    goods(t, base, t.measure === "assembledValue");
    if (t.measure === "contentValue" && (t.item !== undefined || t.items !== undefined)) {
      add("inconsistent", [...base, t.items !== undefined ? "items" : "item"], "contentValue counts value added by every operation in `countries`: drop `item`/`items`");
    }
    checkCountries(t.countries, [...base, "countries"]);
    inHorizon(t.by, [...base, "by"]);
  });
  s.milestones.forEach((m, i) => {
    goods(m, ["milestones", i], true);
    if ((m.countries === undefined) === (m.sites === undefined)) add("missing", ["milestones", i], "a milestone needs exactly one of `countries` or `sites`");
    if (m.countries) checkCountries(m.countries, ["milestones", i, "countries"]);
    m.sites?.forEach((site, j) => ref("sites", site, ["milestones", i, "sites", j]));
    if (m.due) inHorizon(m.due, ["milestones", i, "due"]);
  });
  const itemValue = new Map(s.items.map((x) => [x.id, x.valueUsd]));
  const marginPerUnit = new Map<string, number>();
  s.margins.forEach((m, i) => {
    const base: PathSegment[] = ["margins", i];
    ref("items", m.item, [...base, "item"]);
    if ((m.usd === undefined) === (m.share === undefined)) add("missing", base, "a margin needs exactly one of `usd` or `share`");
    const value = itemValue.get(m.item);
    if (value === undefined) return;
    const usd = m.usd ?? (m.share ?? 0) * value;
    const total = (marginPerUnit.get(m.item) ?? 0) + usd;
    marginPerUnit.set(m.item, total);
    if (total > value * (1 + 1e-12)) add("out_of_range", [...base, m.usd !== undefined ? "usd" : "share"], `margins on ${m.item} add up to $${total} per unit, more than its value $${value}`);
  });
  s.commitments.forEach((c, i) => {
    const base: PathSegment[] = ["commitments", i];
    c.items.forEach((it, j) => ref("items", it, [...base, "items", j]));
    checkCountries(c.countries, [...base, "countries"]);
    const from = inHorizon(c.from, [...base, "from"]);
    const to = c.to !== undefined ? inHorizon(c.to, [...base, "to"]) : null;
    if (from !== null && to !== null && to < from) add("inconsistent", [...base, "to"], `${c.to} is before ${c.from}`);
  });
  uniqueIds(s.commitments, ["commitments"], add);
  s.policies.tariffs.forEach((t, i) => {
    t.items.forEach((it, j) => ref("items", it, ["policies", "tariffs", i, "items", j]));
    const from = inHorizon(t.from, ["policies", "tariffs", i, "from"]);
    const until = t.until !== undefined ? inHorizon(t.until, ["policies", "tariffs", i, "until"]) : null;
    if (from !== null && until !== null && until < from) add("inconsistent", ["policies", "tariffs", i, "until"], `${t.until} is before ${t.from}`);
  });
  s.policies.exportControls.forEach((e, i) => {
    e.items.forEach((it, j) => ref("items", it, ["policies", "exportControls", i, "items", j]));
    inHorizon(e.from, ["policies", "exportControls", i, "from"]);
  });

  s.uncertainty.parameters.forEach((u, i) => {
    const base: PathSegment[] = ["uncertainty", "parameters", i];
    if ("resource" in u.on) ref("resources", u.on.resource, [...base, "on", "resource"]);
    else if ("operation" in u.on) ref("operations", u.on.operation, [...base, "on", "operation"]);
    else if ("lane" in u.on) ref("lanes", u.on.lane, [...base, "on", "lane"]);
    else if (!demandIds.has(u.on.demand)) add("dangling_reference", [...base, "on", "demand"], `unknown demand '${u.on.demand}'`);
    const fits =
      ("resource" in u.on && (u.parameter === "capacity" || u.parameter === "rampDelay")) ||
      ("operation" in u.on && (u.parameter === "yield" || u.parameter === "leadTime" || u.parameter === "usage")) ||
      ("lane" in u.on && (u.parameter === "leadTime" || u.parameter === "capacity")) ||
      ("demand" in u.on && u.parameter === "price");
    if (!fits) add("inconsistent", [...base, "parameter"], `'${u.parameter}' does not apply to a ${Object.keys(u.on)[0]}`);
    checkDistribution(u.distribution, [...base, "distribution"], add);
    // A range names where each bound comes from; other distributions carry the entry's own citation.
    if (u.distribution.type === "range") {
      for (const bound of ["low", "high"] as const) {
        const c = u[bound];
        if (!c || (c.source === undefined && c.reason === undefined)) add("missing", [...base, bound], `a range needs \`${bound}: { source: ID }\` or \`${bound}: { reason: "..." }\` for its ${bound} bound`);
      }
    } else {
      for (const bound of ["low", "high"] as const) if (u[bound]) add("inconsistent", [...base, bound], `\`${bound}\` cites a bound of a range; this distribution is ${u.distribution.type}`);
    }
  });
  s.uncertainty.disruptions.forEach((d, i) => {
    const base: PathSegment[] = ["uncertainty", "disruptions", i];
    if ((d.site === undefined) === (d.country === undefined)) add("missing", base, "a disruption needs exactly one of `site` or `country`");
    if (d.site !== undefined) ref("sites", d.site, [...base, "site"]);
    if (d.country !== undefined && !countries.has(d.country)) add("dangling_reference", [...base, "country"], `no site is in country '${d.country}'`);
    checkDistribution(d.durationPeriods, [...base, "durationPeriods"], add);
  });

  uniqueIds(s.events, ["events"], add);
  s.events.forEach((e, i) => problems.push(...checkEvent(s, e, ["events", i])));
  // The events in force must be in the library, each once.
  const inForce = new Set<string>();
  s.whatIf?.events.forEach((name, i) => {
    const path: PathSegment[] = ["whatIf", "events", i];
    if (inForce.has(name)) add("duplicate_id", path, `event '${name}' is named twice`);
    inForce.add(name);
    if (s.events.some((e) => e.id === name)) return;
    const near = suggest(name, s.events.map((e) => e.id));
    add("dangling_reference", path, `no event '${name}' in the scenario's \`events:\` library${near ? ` (did you mean '${near}'?)` : ""}`);
  });

  checkExpansions(s, add, inHorizon);
  checkBom(s, add);
  checkDemandSupplied(s, add, extraIds.supplied ?? []);
  return problems;
}

const singular = {
  sources: "source",
  sites: "site",
  items: "item",
  resources: "resource",
  operations: "operation",
  lanes: "lane",
} as const;

type Add = (code: Problem["code"], path: PathSegment[], message: string) => void;

function uniqueIds(list: readonly { id: string }[], base: PathSegment[], add: Add): Map<string, number> {
  const seen = new Map<string, number>();
  list.forEach((x, i) => {
    if (seen.has(x.id)) add("duplicate_id", [...base, i, "id"], `duplicate id '${x.id}' (first at ${[...base, seen.get(x.id)].join(".")})`);
    else seen.set(x.id, i);
  });
  return seen;
}

/** Visits every `source:` id outside `sources`. One path array, copied only on a hit: this walks the whole scenario. */
function walkCitations(value: unknown, path: PathSegment[], visit: (id: string, path: PathSegment[]) => void): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walkCitations(value[i], path, visit);
      path.pop();
    }
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (key === "source" && path[0] !== "sources") {
      if (typeof v === "string") visit(v, [...path, key]);
      else if (Array.isArray(v)) v.forEach((x, i) => typeof x === "string" && visit(x, [...path, key, i]));
    } else if (v !== null && typeof v === "object") {
      path.push(key);
      walkCitations(v, path, visit);
      path.pop();
    }
  }
}

function checkDistribution(d: Distribution, path: PathSegment[], add: Add): void {
  switch (d.type) {
    case "range":
      if (!(d.low <= d.central && d.central <= d.high)) add("inconsistent", path, `a range needs low <= central <= high (got ${d.low}, ${d.central}, ${d.high})`);
      break;
    case "triangular":
      if (!(d.min <= d.mode && d.mode <= d.max)) add("inconsistent", path, `triangular needs min <= mode <= max (got ${d.min}, ${d.mode}, ${d.max})`);
      break;
    case "uniform":
      if (!(d.min <= d.max)) add("inconsistent", path, `uniform needs min <= max (got ${d.min}, ${d.max})`);
      break;
    case "normal":
      if (d.min !== undefined && d.max !== undefined && d.min > d.max) add("inconsistent", path, "truncation needs min <= max");
      break;
    case "lognormal":
      break;
    case "discrete":
      if (d.values.length !== d.weights.length) add("inconsistent", [...path, "weights"], `${d.weights.length} weights for ${d.values.length} values`);
      else if (d.weights.reduce((a, b) => a + b, 0) <= 0) add("inconsistent", [...path, "weights"], "weights must not all be zero");
      break;
  }
}

/** A cycle in the bill of materials: item A is needed to make item B which is needed to make A. */
function checkBom(s: Scenario, add: Add): void {
  // Edge: consumed item -> produced item, labelled with the operation that makes it.
  const out = new Map<string, { to: string; op: number }[]>();
  s.operations.forEach((op, i) => {
    for (const c of op.consumes) {
      if (c.item === op.produces.item) continue; // reported already
      const list = out.get(c.item) ?? [];
      list.push({ to: op.produces.item, op: i });
      out.set(c.item, list);
    }
  });
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const reported = new Set<number>();
  // Depth-first with an explicit stack: a chain of a hundred thousand items must not overflow the call stack.
  const stack: { item: string; next: number }[] = [];
  const depthOf = new Map<string, number>();
  const push = (item: string) => {
    state.set(item, 1);
    depthOf.set(item, stack.length);
    stack.push({ item, next: 0 });
  };
  for (const root of out.keys()) {
    if (state.has(root)) continue;
    push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const edges = out.get(top.item) ?? [];
      if (top.next >= edges.length) {
        stack.pop();
        state.set(top.item, 2);
        continue;
      }
      const e = edges[top.next++];
      const st = state.get(e.to);
      if (st === 1 && !reported.has(e.op)) {
        reported.add(e.op);
        const from = depthOf.get(e.to) as number;
        // A long cycle is shown by its ends: listing it whole for every operation that closes it would be quadratic.
        const names = (a: number, b: number) => stack.slice(a, b).map((f) => f.item);
        const loop = stack.length - from > 12 ? [...names(from, from + 5), `... (${stack.length - from - 10} more)`, ...names(stack.length - 5, stack.length)] : names(from, stack.length);
        const cycle = [...loop, e.to].join(" -> ");
        add("bom_cycle", ["operations", e.op, "produces", "item"], `bill of materials has a cycle: ${cycle}`);
      } else if (st === undefined) push(e.to);
    }
  }
}

/** Every demanded item must be made by some operation or held in stock somewhere. */
function checkDemandSupplied(s: Scenario, add: Add, supplied: readonly string[]): void {
  const made = new Set([...s.operations.map((o) => o.produces.item), ...supplied]);
  const stocked = new Set(s.inventory.filter((i) => i.qty > 0).map((i) => i.item));
  const known = new Set(s.items.map((i) => i.id));
  s.demand.forEach((d, i) => {
    if (known.has(d.item) && !made.has(d.item) && !stocked.has(d.item)) {
      add("unproduced_demand", ["demand", i, "item"], `'${d.item}' is demanded but no operation produces it and no site holds it`);
    }
  });
}

