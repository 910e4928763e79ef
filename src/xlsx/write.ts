// Scenario → workbook, following layout.ts: a `scenario` sheet of top-level fields, then one sheet per list.
import ExcelJS from "exceljs";
import type { Scenario } from "../model/index.js";
import { type Column, SCENARIO_FIELDS, SCENARIO_SHEET, SHEETS, type SheetLayout } from "./layout.js";

type CellValue = string | number | boolean | null;

export function scenarioToWorkbook(scenario: Scenario): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "waferline";
  const top = wb.addWorksheet(SCENARIO_SHEET);
  addRows(top, ["field", "value"], SCENARIO_FIELDS.map((f) => [f.header, encode(getIn(scenario, f.path), f)]));

  const entries = new Map<string, Record<string, unknown>[]>();
  for (const layout of SHEETS) {
    const rows: CellValue[][] = [];
    if (layout.parent) {
      for (const parent of entries.get(layout.parent.sheet) ?? []) {
        for (const child of (getIn(parent, layout.list) as Record<string, unknown>[] | undefined) ?? []) {
          rows.push([String(parent.id), ...layout.columns.map((col) => encode(getIn(child, col.path), col))]);
        }
      }
    } else {
      const list = (getIn(scenario, layout.list) as Record<string, unknown>[] | undefined) ?? [];
      entries.set(layout.name, list);
      for (const entry of list) rows.push(layout.columns.map((col) => encode(getIn(entry, col.path), col)));
    }
    addRows(wb.addWorksheet(layout.name), headers(layout), rows);
  }
  return wb;
}

export function headers(layout: SheetLayout): string[] {
  return [...(layout.parent ? [layout.parent.column] : []), ...layout.columns.map((c) => c.header)];
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
