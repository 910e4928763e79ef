// Plain tables → workbook: one sheet per table, the unit in each header (`valueUsd (USD)`).
import ExcelJS from "exceljs";

export interface SheetTable {
  name: string;
  columns: { key: string; unit?: string }[];
  rows: (string | number | boolean | null)[][];
}

export function tablesToWorkbook(tables: SheetTable[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "waferline";
  const used = new Set<string>();
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, used));
    ws.addRow(t.columns.map((c) => (c.unit ? `${c.key} (${c.unit})` : c.key))).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.views = [{ state: "frozen", ySplit: 1 }];
    t.columns.forEach((c, i) => {
      const longest = Math.max(c.key.length + (c.unit ? c.unit.length + 3 : 0), ...t.rows.map((r) => String(r[i] ?? "").length));
      ws.getColumn(i + 1).width = Math.min(60, Math.max(8, longest + 2));
    });
  }
  return wb;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique ignoring case. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "sheet";
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
