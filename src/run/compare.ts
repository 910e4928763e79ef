// Comparing two scenarios or runs: what differs in the inputs (each change with its line on both sides)
// and in the headline KPIs (b − a). Pure: texts and KPI maps in, plain data out.
import { LineCounter, parseDocument } from "yaml";
import { byKey, NONE } from "../format/index.js";

export interface InputChange {
  /** Readable path: list entries by id, e.g. resources[houston-racks].levels[0].level. */
  path: string;
  /** The value on each side (JSON text for objects), null where absent. */
  a: string | number | boolean | null;
  b: string | number | boolean | null;
  lineA: number | null;
  lineB: number | null;
}

export interface KpiChange {
  key: string;
  a: number | string | boolean | null;
  b: number | string | boolean | null;
  /** b − a for numbers, else null. */
  delta: number | null;
}

interface Side {
  value: unknown;
  line: (path: (string | number)[]) => number | null;
}

function side(text: string): Side {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, logLevel: "error" });
  return {
    value: doc.toJS({ maxAliasCount: 100 }),
    line: (path) => {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : null;
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const leaf = (v: unknown): InputChange["a"] => (v === undefined || v === null ? null : typeof v === "object" ? JSON.stringify(v) : (v as string | number | boolean));

/** Every changed, added or removed field between two scenario texts; list entries with ids are matched by id. */
export function diffScenarios(textA: string, textB: string): InputChange[] {
  const a = side(textA);
  const b = side(textB);
  const out: InputChange[] = [];
  const walk = (x: unknown, y: unknown, readable: string, pa: (string | number)[], pb: (string | number)[]) => {
    if (Array.isArray(x) && Array.isArray(y)) {
      const keyed = (list: unknown[]) => list.every((e) => isObject(e) && typeof e.id === "string");
      if (keyed(x) && keyed(y)) {
        const ix = new Map(x.map((e, i) => [(e as { id: string }).id, i]));
        const iy = new Map(y.map((e, i) => [(e as { id: string }).id, i]));
        for (const id of new Set([...ix.keys(), ...iy.keys()])) {
          const i = ix.get(id);
          const j = iy.get(id);
          walk(i === undefined ? undefined : x[i], j === undefined ? undefined : y[j], `${readable}[${id}]`, i === undefined ? pa : [...pa, i], j === undefined ? pb : [...pb, j]);
        }
        return;
      }
      for (let k = 0; k < Math.max(x.length, y.length); k++) walk(x[k], y[k], `${readable}[${k}]`, k < x.length ? [...pa, k] : pa, k < y.length ? [...pb, k] : pb);
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[key], y[key], readable ? `${readable}.${key}` : key, key in x ? [...pa, key] : pa, key in y ? [...pb, key] : pb);
      return;
    }
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    out.push({ path: readable, a: leaf(x), b: leaf(y), lineA: x === undefined ? null : a.line(pa), lineB: y === undefined ? null : b.line(pb) });
  };
  walk(a.value, b.value, "", [], []);
  return out;
}

/** The flat KPIs of two runs side by side, b − a where both are numbers. */
export function diffKpis(a: Record<string, unknown>, b: Record<string, unknown>): KpiChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const scalar = (v: unknown): KpiChange["a"] => (v === undefined || v === null ? null : typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : JSON.stringify(v));
  return keys.map((key) => {
    const x = scalar(a[key]);
    const y = scalar(b[key]);
    return { key, a: x, b: y, delta: typeof x === "number" && typeof y === "number" ? y - x : null };
  });
}

/**
 * The KPI diff as the CLI and the comparison report print it: the KPIs that changed (each through the
 * one formatter, b − a signed), and how many did not.
 */
export function kpiDiffRows(kpis: readonly KpiChange[]): { rows: [key: string, a: string, b: string, delta: string][]; unchanged: number } {
  const shown = (key: string, v: unknown) => (v === null || v === undefined ? NONE : byKey(key, v));
  const changed = kpis.filter((k) => k.delta !== 0 && !(k.delta === null && k.a === k.b));
  const rows = changed.map((k): [string, string, string, string] => [k.key, shown(k.key, k.a), shown(k.key, k.b), k.delta === null ? "changed" : byKey(k.key, k.delta, { sign: true, delta: true })]);
  return { rows, unchanged: kpis.length - changed.length };
}
