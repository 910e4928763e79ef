// A stored run as plain tables (for CSV and XLSX export): the run itself, its KPIs, its durations,
// and for each result payload its scalar fields plus one table per list of records. Pure: no SQLite here,
// so the CLI can format runs without loading the native driver.
import { unitOf } from "../format/index.js";
import type { Run } from "./store.js";

export { unitOf };

export type Cell = string | number | boolean | null;
export interface TableColumn {
  key: string;
  /** The unit, read from the key's suffix by the project's naming convention (valueUsd, ttsPeriods...). */
  unit?: string;
}
export interface Table {
  name: string;
  columns: TableColumn[];
  rows: Cell[][];
}

/** Nested KPI objects (e.g. `deliveredValueUsd: {p10, p50, p90}`) become dotted keys. */
export function flattenKpis(kpis: Record<string, unknown>, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(kpis)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flattenKpis(v as Record<string, unknown>, key, out);
    else out.set(key, v);
  }
  return out;
}

const col = (key: string): TableColumn => ({ key, unit: unitOf(key) });

export function runTables(run: Run): Table[] {
  const tables: Table[] = [
    {
      name: "run",
      columns: [col("field"), col("value")],
      rows: [
        ["id", run.id],
        ["scenario", run.scenarioName],
        ["scenarioHash", run.scenarioHash],
        ["status", run.status],
        ["startedAt", run.startedAt],
        ["endedAt", run.endedAt],
        ["error", run.error],
        ...[...flattenKpis(run.options)].map(([k, v]): Cell[] => [`options.${k}`, cell(v)]),
      ],
    },
    { name: "kpis", columns: [col("kpi"), { key: "value" }, { key: "unit" }], rows: [...flattenKpis(run.kpis ?? {})].map(([k, v]) => [k, cell(v), unitOf(k) ?? null]) },
  ];
  if (run.durations) tables.push({ name: "durations", columns: [col("step"), { key: "durationMs", unit: "ms" }], rows: Object.entries(run.durations).map(([k, v]) => [k, v]) });

  for (const [kind, payload] of Object.entries(run.results)) tables.push(...payloadTables(kind, payload));
  return tables;
}

/** One payload's scalar fields and lists; a list of payloads (stressByDate: one per date) gives each its own, numbered from 1. */
function payloadTables(kind: string, payload: unknown): Table[] {
  if (Array.isArray(payload) && payload.length > 0 && payload.every((x) => x !== null && typeof x === "object" && !Array.isArray(x))) {
    return payload.flatMap((x, i) => payloadTables(`${kind}_${i + 1}`, x));
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return [{ name: kind, columns: [col("value")], rows: [[cell(payload)]] }];
  const scalars: Cell[][] = [];
  const lists: Table[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (Array.isArray(value)) lists.push(listTable(`${kind}_${key}`, value));
    else if (value !== null && typeof value === "object") for (const [k, v] of flattenKpis(value as Record<string, unknown>, key)) scalars.push([k, cell(v), unitOf(k) ?? null]);
    else scalars.push([key, cell(value), unitOf(key) ?? null]);
  }
  return [...(scalars.length ? [{ name: kind, columns: [col("field"), { key: "value" }, { key: "unit" }], rows: scalars }] : []), ...lists];
}

/** A list of records becomes rows with the union of their (dotted) keys; a list of scalars, one column. */
function listTable(name: string, list: unknown[]): Table {
  if (!list.every((x) => x !== null && typeof x === "object" && !Array.isArray(x))) {
    return { name, columns: [col("value")], rows: list.map((x) => [cell(x)]) };
  }
  const flat = list.map((x) => flattenKpis(x as Record<string, unknown>));
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))];
  return { name, columns: keys.map(col), rows: flat.map((m) => keys.map((k) => cell(m.get(k)))) };
}

function cell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) return v.join(", ");
  return JSON.stringify(v);
}

/** RFC 4180 CSV of all tables in long form: one line per cell, so any run flattens into one file. */
export function tablesToCsv(tables: Table[]): string {
  const lines = ["table,row,field,unit,value"];
  for (const t of tables) {
    t.rows.forEach((row, r) => {
      t.columns.forEach((c, i) => {
        if (row[i] === null || row[i] === undefined) return;
        lines.push([t.name, r + 1, c.key, c.unit ?? "", row[i]].map(csvField).join(","));
      });
    });
  }
  return `${lines.join("\n")}\n`;
}

function csvField(v: Cell): string {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
