// Writes what-if capacity factors into a scenario's YAML text as level steps, where that is exact: the
// resource's planned capacity is flat from the edit's first period to the horizon's end and no level,
// ramp or outage of the resource starts on or after that period (the latest step governs, so a later one
// would undo the edit). Anything else is left out and reported, to be edited by hand in the Scenario view.
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
  const splices: { at: number; insert: string }[] = [];
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
    const level = tail[0] * e.factor;
    const step = `{ from: ${e.from}, level: ${level} }`;
    const levels = node.get("levels", true);
    if (isSeq(levels) && levels.flow && levels.range && text[levels.range[1] - 1] === "]") {
      splices.push({ at: beforeClose(text, levels.range[1] - 1), insert: levels.items.length ? `, ${step}` : step });
    } else if (isSeq(levels) && !levels.flow && levels.items.length) {
      const first = levels.items[0] as { range?: [number, number, number] };
      const last = levels.items[levels.items.length - 1] as { range?: [number, number, number] };
      if (!first.range || !last.range) {
        skipped.push({ resource: e.resource, reason: "its levels could not be located in the text" });
        continue;
      }
      const lineStart = text.lastIndexOf("\n", first.range[0] - 1) + 1;
      // After the last item's line (a comment on it stays there).
      const eol = text.indexOf("\n", last.range[1]);
      splices.push({ at: eol < 0 ? text.length : eol, insert: `\n${text.slice(lineStart, first.range[0])}${step}` });
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
  // Inserted into the text as it is (comments, spacing and flow style kept), the last first.
  let out = text;
  for (const sp of [...splices].sort((a, b) => b.at - a.at)) out = out.slice(0, sp.at) + sp.insert + out.slice(sp.at);
  return { text: out, written, skipped };
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
