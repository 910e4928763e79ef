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
        const start = String(s.get("from") ?? s.get("start") ?? "");
        const i = network.periods.indexOf(start);
        return i < 0 ? start >= e.from : i >= t0;
      });
    });
    if (later) {
      skipped.push({ resource: e.resource, reason: `a level, ramp or outage starts on or after ${e.from}` });
      continue;
    }
    const level = tail[0] * e.factor;
    const step = doc.createNode({ from: e.from, level });
    const levels = node.get("levels");
    if (isSeq(levels)) levels.add(step);
    else node.set("levels", doc.createNode([{ from: e.from, level }]));
    written.push({ resource: e.resource, from: e.from, level });
  }
  return { text: written.length ? doc.toString() : text, written, skipped };
}
