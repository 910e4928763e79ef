// Writes what-if edits into a scenario's YAML text where that is exact, every other line as it was;
// anything else is left out and reported, to be edited by hand in the Scenario view.
// - A capacity factor becomes a level step: the resource's planned capacity is flat from the edit's first
//   period to the horizon's end and no level, ramp or outage of the resource starts on or after that
//   period (the latest step governs, so a later one would undo the edit).
// - A price replaces the demand's `priceUsd` figure in place.
// - A demand quantity factor scales the demand's `schedule`: each step from the edit's period on, plus a
//   step at that period where the one in force started earlier. A schedule is exact under this in every
//   case (steps hold until the next, and the `from`/`until` window only zeroes what it scales); what is
//   skipped is an unbounded demand (nothing to scale) and a schedule not written as plain figures.
import type { NetworkView } from "./types";

export interface FactorEdit {
  resource: string;
  from: string;
  factor: number;
}

export interface Written {
  text: string;
  written: { resource: string; from: string; level: number }[];
  skipped: { resource: string; reason: string }[];
}

/** Each edit as a level step of factor x the flat capacity from `from`, where exact (see above); the rest skipped, with why. */
export async function writeCapacityFactors(text: string, network: NetworkView, edits: FactorEdit[]): Promise<Written> {
  // Loaded on demand, as the Map view does: the parser stays out of the first screen's script.
  const { isMap, isSeq, parseDocument } = await import("yaml");
  const doc = parseDocument(text);
  const written: Written["written"] = [];
  const skipped: Written["skipped"] = [];
  const splices: Splice[] = [];
  const resources = doc.get("resources");
  for (const e of edits) {
    const t0 = network.periods.indexOf(e.from);
    const r = network.resources.find((x) => x.id === e.resource);
    const node = isSeq(resources) ? resources.items.find((n) => isMap(n) && n.get("id") === e.resource) : undefined;
    if (!r || t0 < 0 || !isMap(node)) {
      skipped.push({ resource: e.resource, reason: "not found in the text" });
      continue;
    }
    const tail = r.capacity.slice(t0);
    if (tail.some((c) => Math.abs(c - tail[0]) > 1e-9 * Math.max(1, Math.abs(tail[0])))) {
      skipped.push({ resource: e.resource, reason: `its capacity changes after ${e.from}` });
      continue;
    }
    const later = (["levels", "ramps", "outages"] as const).some((key) => {
      const list = node.get(key);
      if (!isSeq(list)) return false;
      return list.items.some((s) => {
        if (!isMap(s)) return false;
        // A ramp starts at `start` (its `from` is a level); a level step and an outage at `from`.
        const start = String(s.get(key === "ramps" ? "start" : "from") ?? "");
        const i = network.periods.indexOf(start);
        return i < 0 ? start >= e.from : i >= t0;
      });
    });
    if (later) {
      skipped.push({ resource: e.resource, reason: `a level, ramp or outage starts on or after ${e.from}` });
      continue;
    }
    const level = times(tail[0], e.factor);
    const step = `{ from: ${e.from}, level: ${level} }`;
    const levels = node.get("levels", true);
    const appended = isSeq(levels) ? insertItem(text, levels, step) : null;
    if (appended) {
      splices.push(appended);
    } else if (levels === undefined && node.flow && node.range && text[node.range[1] - 1] === "}") {
      splices.push({ at: beforeClose(text, node.range[1] - 1), insert: `, levels: [${step}]` });
    } else if (levels === undefined && !node.flow && node.items[0]?.value && (node.items[0].key as { range?: [number, number, number] }).range) {
      const key = (node.items[0].key as { range: [number, number, number] }).range;
      const value = (node.items[0].value as { range?: [number, number, number] }).range;
      if (!value) {
        skipped.push({ resource: e.resource, reason: "it could not be located in the text" });
        continue;
      }
      const lineStart = text.lastIndexOf("\n", key[0] - 1) + 1;
      const indent = text.slice(lineStart, key[0]).replace(/-/g, " ");
      splices.push({ at: value[1], insert: `\n${indent}levels: [${step}]` });
    } else {
      skipped.push({ resource: e.resource, reason: "its levels could not be located in the text" });
      continue;
    }
    written.push({ resource: e.resource, from: e.from, level });
  }
  return { text: spliced(text, splices), written, skipped };
}

export interface DemandWrite {
  /** A demand's price, USD per unit. */
  price?: readonly { demand: string; priceUsd: number }[];
  /** A demand's quantity per period scaled by `factor` from `from` to the horizon's end. */
  quantity?: readonly { demand: string; from: string; factor: number }[];
}

export interface WrittenDemands {
  text: string;
  written: ({ edit: "price"; demand: string; priceUsd: number } | { edit: "quantity"; demand: string; from: string; factor: number; steps: number })[];
  skipped: { edit: "price" | "quantity"; demand: string; reason: string }[];
}

/** The largest figure a scenario takes (src/model/schema.ts): a written text past it would not load. */
const MAX_FIGURE = 1e12;

/** Each price and quantity factor written into the demand's entry where exact (see above); the rest skipped, with why. */
export async function writeDemandEdits(text: string, network: NetworkView, edits: DemandWrite): Promise<WrittenDemands> {
  const { isMap, isScalar, isSeq, parseDocument } = await import("yaml");
  const doc = parseDocument(text);
  const written: WrittenDemands["written"] = [];
  const skipped: WrittenDemands["skipped"] = [];
  const splices: Splice[] = [];
  const list = doc.get("demand");
  const entry = (id: string) => (isSeq(list) ? list.items.find((n) => isMap(n) && n.get("id") === id) : undefined);
  /** A number written as a plain figure: its range in the text, or null (an alias, or an anchor others may share). */
  const figureAt = (n: unknown): [number, number] | null => (isScalar(n) && typeof n.value === "number" && !n.anchor && n.range ? [n.range[0], n.range[1]] : null);
  const replace = (at: [number, number], value: number): Splice => ({ at: at[0], cut: at[1] - at[0], insert: String(value) });

  // The API applies a demand's price edits in order, so the last one is the one to write.
  const prices = new Map((edits.price ?? []).map((e) => [e.demand, e.priceUsd]));
  for (const [demand, priceUsd] of prices) {
    const node = entry(demand);
    const at = isMap(node) ? figureAt(node.get("priceUsd", true)) : null;
    const reason = !isMap(node) ? "not found in the text" : !at ? "its price is not a plain figure in the text" : !(priceUsd >= 0 && priceUsd <= MAX_FIGURE) ? `${priceUsd} is not a price from 0 to 1e12` : null;
    if (reason || !at) {
      skipped.push({ edit: "price", demand, reason: reason ?? "" });
      continue;
    }
    splices.push(replace(at, priceUsd));
    written.push({ edit: "price", demand, priceUsd });
  }

  const scaled = new Set<string>();
  for (const e of edits.quantity ?? []) {
    const skip = (reason: string) => skipped.push({ edit: "quantity", demand: e.demand, reason });
    const d = network.demands.find((x) => x.id === e.demand);
    const node = entry(e.demand);
    const t0 = network.periods.indexOf(e.from);
    if (!d || !isMap(node) || t0 < 0) {
      skip(t0 < 0 ? `'${e.from}' is not a period of the scenario` : "not found in the text");
      continue;
    }
    // Two factors would compound; the second needs the first's steps, which are not in the text yet.
    if (scaled.has(e.demand)) {
      skip("a second quantity edit of the same demand (give one)");
      continue;
    }
    if (d.unbounded) {
      skip("it is unbounded: it has no quantity to scale");
      continue;
    }
    const schedule = node.get("schedule", true);
    const steps = isSeq(schedule)
      ? schedule.items.map((s, j) => {
          const q = isMap(s) ? s.get("quantity", true) : null;
          const at = figureAt(q);
          const t = isMap(s) ? network.periods.indexOf(String(s.get("from"))) : -1;
          return at && t >= 0 && isScalar(q) ? { t, j, quantity: q.value as number, at } : null;
        })
      : [];
    if (!isSeq(schedule) || steps.length === 0 || steps.some((s) => s === null)) {
      skip("its schedule is not a list of plain { from, quantity } steps in the text");
      continue;
    }
    const known = steps as NonNullable<(typeof steps)[number]>[];
    // The step in force at the edit's period, as normalize picks it: the latest period, the later entry on a tie.
    const inForce = known.filter((s) => s.t < t0).sort((a, b) => a.t - b.t || a.j - b.j).at(-1);
    const later = known.filter((s) => s.t >= t0);
    const opens = !later.some((s) => s.t === t0) && inForce !== undefined && inForce.quantity !== 0;
    const values = [...later.map((s) => times(s.quantity, e.factor)), ...(opens && inForce ? [times(inForce.quantity, e.factor)] : [])];
    if (values.some((v) => !(v >= 0 && v <= MAX_FIGURE))) {
      skip("a scaled quantity would be past 1e12 a period, the most a scenario takes");
      continue;
    }
    // In period order where the list is (before the first later step), else at its end.
    const next = later.length && known.every((s, j) => j === 0 || known[j - 1].t <= s.t) ? later[0].j : undefined;
    const step = opens && inForce ? insertItem(text, schedule, `{ from: ${e.from}, quantity: ${times(inForce.quantity, e.factor)} }`, next) : null;
    if (opens && !step) {
      skip("its schedule could not be located in the text");
      continue;
    }
    for (const s of later) splices.push(replace(s.at, times(s.quantity, e.factor)));
    if (step) splices.push(step);
    scaled.add(e.demand);
    written.push({ edit: "quantity", demand: e.demand, from: e.from, factor: e.factor, steps: later.length + (step ? 1 : 0) });
  }
  return { text: spliced(text, splices), written, skipped };
}

/** An insertion at `at`, replacing the `cut` characters there (none by default). */
interface Splice {
  at: number;
  cut?: number;
  insert: string;
}

/** The splices (which never overlap) made in the text as it is, comments, spacing and flow style kept: the last first. */
function spliced(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const sp of [...splices].sort((a, b) => b.at - a.at)) out = out.slice(0, sp.at) + sp.insert + out.slice(sp.at + (sp.cut ?? 0));
  return out;
}

type Located = { range?: [number, number, number] | null };

/**
 * A splice adding `item` to a sequence as the text writes it, before its item number `before` or at its
 * end: `item, ` before that item or `, item` before a flow list's `]`; in a block list a line of its own at
 * the first item's indent, before that item's line or after the last item's (a comment on it stays
 * there). Null when the list cannot be located in the text.
 */
function insertItem(text: string, seq: Located & { flow?: boolean; items: unknown[] }, item: string, before?: number): Splice | null {
  const at = before === undefined ? undefined : (seq.items[before] as Located | undefined)?.range;
  if (seq.flow && at) return { at: at[0], insert: `${item}, ` };
  if (seq.flow && seq.range && text[seq.range[1] - 1] === "]") return { at: beforeClose(text, seq.range[1] - 1), insert: seq.items.length ? `, ${item}` : item };
  if (seq.flow || !seq.items.length) return null;
  const first = (seq.items[0] as Located).range;
  const last = (seq.items[seq.items.length - 1] as Located).range;
  if (!first || !last) return null;
  const lineOf = (i: number) => text.lastIndexOf("\n", i - 1) + 1;
  const indent = text.slice(lineOf(first[0]), first[0]);
  if (at) return { at: lineOf(at[0]), insert: `${indent}${item}\n` };
  // A block map's range runs past its line's end (and any blank lines after it): back to its last character.
  let end = last[1];
  while (end > last[0] && /\s/.test(text[end - 1])) end--;
  const eol = text.indexOf("\n", end);
  return { at: eol < 0 ? text.length : eol, insert: `\n${indent}${item}` };
}

/**
 * x times factor to 12 significant digits: 20 x 1.1 is written 22, not 22.000000000000004. The what-if
 * solved with the unrounded product; the two differ by less than a part in 10^11, below the solver's tolerances.
 */
function times(x: number, factor: number): number {
  return Number((x * factor).toPrecision(12));
}

/** Where to insert before a flow collection's closing bracket at `close`: after its last item, before any spaces. */
function beforeClose(text: string, close: number): number {
  let at = close;
  while (at > 0 && /[ \t]/.test(text[at - 1])) at--;
  return at;
}

/**
 * The text with its top-level `whatIf:` block (the events every run of it applies, and whether they are
 * foreseen) set to these, on one line: replacing the block where there is one, else appended at the end,
 * so that the rest of the text, its comments and its lines stay as they were.
 */
export async function writeWhatIf(text: string, events: readonly string[], foresight: boolean): Promise<string> {
  const { isMap, isScalar, parseDocument } = await import("yaml");
  // A plain scalar where the id allows it (ids are lower-case words with dashes); JSON quoting is valid YAML otherwise.
  const name = (e: string) => (/^[a-z0-9][a-z0-9._-]*$/i.test(e) ? e : JSON.stringify(e));
  const line = `whatIf: { events: [${events.map(name).join(", ")}], foresight: ${foresight} }`;
  const doc = parseDocument(text);
  const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "whatIf") : undefined;
  const key = pair && isScalar(pair.key) ? pair.key.range : undefined;
  const value = (pair?.value as { range?: [number, number, number] } | null | undefined)?.range;
  if (key && value) {
    // To the end of the value's last line: a block mapping's range ends past its newline, a flow one's does not.
    const end = text[value[1] - 1] === "\n" ? value[1] - 1 : value[1];
    return text.slice(0, key[0]) + line + text.slice(end);
  }
  return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${line}\n`;
}
