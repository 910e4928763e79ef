// Scenario → workbook, following layout.ts: a `scenario` sheet of top-level fields, then one sheet per list.
// Given the scenario's text, its comments go along (a `comment` column and a `comments` sheet).
import ExcelJS from "exceljs";
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import type { Scenario } from "../model/index.js";
import { type Column, COMMENT_COLUMN, COMMENTS_HEADER, COMMENTS_SHEET, SCENARIO_FIELDS, SCENARIO_SHEET, SHEETS, type SheetLayout } from "./layout.js";

type CellValue = string | number | boolean | null;

export function scenarioToWorkbook(scenario: Scenario, opts: { text?: string } = {}): ExcelJS.Workbook {
  const comments = opts.text === undefined ? { keys: new Map<string, string>(), entries: new Map<string, string>() } : yamlComments(opts.text);
  const wb = new ExcelJS.Workbook();
  wb.creator = "waferline";
  const top = wb.addWorksheet(SCENARIO_SHEET);
  addRows(top, ["field", "value"], SCENARIO_FIELDS.map((f) => [f.header, encode(getIn(scenario, f.path), f)]));

  // Entries of each sheet with their path in the scenario ("resources.2"), so child sheets and comments find them.
  const entries = new Map<string, { entry: Record<string, unknown>; path: string }[]>();
  for (const layout of SHEETS) {
    const rows: CellValue[][] = [];
    const comment = (path: string) => comments.entries.get(path) ?? null;
    if (layout.parent) {
      for (const parent of entries.get(layout.parent.sheet) ?? []) {
        ((getIn(parent.entry, layout.list) as Record<string, unknown>[] | undefined) ?? []).forEach((child, n) => {
          const path = `${parent.path}.${layout.list.join(".")}.${n}`;
          rows.push([String(parent.entry.id), ...layout.columns.map((col) => encode(getIn(child, col.path), col)), comment(path)]);
        });
      }
    } else {
      const list = ((getIn(scenario, layout.list) as Record<string, unknown>[] | undefined) ?? []).map((entry, i) => ({ entry, path: `${layout.list.join(".")}.${i}` }));
      entries.set(layout.name, list);
      for (const { entry, path } of list) rows.push([...layout.columns.map((col) => encode(getIn(entry, col.path), col)), comment(path)]);
    }
    addRows(wb.addWorksheet(layout.name), headers(layout), rows);
  }
  if (comments.keys.size > 0) addRows(wb.addWorksheet(COMMENTS_SHEET), COMMENTS_HEADER, [...comments.keys]);
  return wb;
}

export function headers(layout: SheetLayout): string[] {
  return [...(layout.parent ? [layout.parent.column] : []), ...layout.columns.map((c) => c.header), COMMENT_COLUMN];
}

/**
 * The comments of a scenario file: those above a key, by its dotted path (`sites`,
 * `uncertainty.disruptions`), and those above a list entry, by the entry's path (`resources.2`,
 * `resources.2.ramps.0`). Text as written after each `#`, less one leading space.
 */
export function yamlComments(text: string): { keys: Map<string, string>; entries: Map<string, string> } {
  const keys = new Map<string, string>();
  const entries = new Map<string, string>();
  const clean = (c: string) =>
    c
      .split("\n")
      .map((l) => (l.startsWith(" ") ? l.slice(1) : l))
      .join("\n");
  const seq = (node: YAMLSeq, path: string) => {
    node.items.forEach((item, i) => {
      // A comment between a key and its list's first entry belongs to the list node: it is the first entry's.
      const before = [i === 0 ? node.commentBefore : null, (item as { commentBefore?: string | null }).commentBefore].filter((c): c is string => !!c).join("\n");
      if (before) entries.set(`${path}.${i}`, clean(before));
      if (isMap(item)) for (const pair of item.items) if (isSeq(pair.value)) seq(pair.value, `${path}.${i}.${String((pair.key as { value: unknown }).value)}`);
    });
  };
  const map = (node: YAMLMap, prefix: string) => {
    for (const pair of node.items) {
      const key = pair.key as { value: unknown; commentBefore?: string | null };
      const path = prefix ? `${prefix}.${String(key.value)}` : String(key.value);
      if (key.commentBefore) keys.set(path, clean(key.commentBefore));
      if (isSeq(pair.value)) seq(pair.value, path);
      else if (isMap(pair.value)) map(pair.value, path);
    }
  };
  const doc = parseDocument(text);
  if (doc.commentBefore) keys.set("", clean(doc.commentBefore));
  if (isMap(doc.contents)) map(doc.contents, "");
  return { keys, entries };
}

function addRows(ws: ExcelJS.Worksheet, header: string[], rows: CellValue[][]): void {
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.views = [{ state: "frozen", ySplit: 1 }];
  header.forEach((h, i) => {
    const longest = Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length));
    ws.getColumn(i + 1).width = Math.min(60, Math.max(8, longest + 2));
  });
}

export function getIn(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function encode(v: unknown, col: Column): CellValue {
  if (v === undefined || v === null) return null;
  switch (col.kind) {
    case "list":
    case "numbers":
      return Array.isArray(v) ? (v.length === 0 ? "[]" : v.join(", ")) : null;
    case "sourceRef":
      if (typeof v === "string") return v;
      return Array.isArray(v) ? (v.length === 1 ? `[${v[0]}]` : v.join(", ")) : null;
    case "number":
      return typeof v === "number" ? v : null; // e.g. `yield` when it is a learning curve
    case "boolean":
      return typeof v === "boolean" ? v : null;
    default:
      return typeof v === "string" ? v : null;
  }
}
