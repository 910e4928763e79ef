// Workbook → scenario. Cells are decoded by layout.ts; the object then goes through the normal loader
// (loadScenarioText), so schema and reference checks are the same as for a YAML file. Every problem,
// from a cell or from the loader, is reported at its sheet and cell, all in one pass. The YAML written
// back keeps the scenario's order and comments, and puts short entries on one line, as people write it.
import type ExcelJS from "exceljs";
import { Document, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from "yaml";
import { loadScenarioText, type PathSegment, pathString, type Scenario, scenarioSchema, suggest } from "../model/index.js";
import { type CellKind, type Column, COMMENT_COLUMN, COMMENTS_SHEET, REQUIRED_SHEETS, SCENARIO_FIELDS, SCENARIO_SHEET, SHEETS, type SheetLayout } from "./layout.js";
import { headers } from "./write.js";

export interface SheetProblem {
  sheet: string;
  /** A1-style address, when the problem lies in one cell. */
  cell?: string;
  /** The column (or the path in the scenario when no column holds the field). */
  field?: string;
  message: string;
}

export type ImportResult = { ok: true; scenario: Scenario; yaml: string } | { ok: false; problems: SheetProblem[] };

/** `FILE.xlsx:Sheet!Cell: field: message`. */
export function formatSheetProblem(file: string, p: SheetProblem): string {
  return `${file}:${p.sheet}${p.cell ? `!${p.cell}` : ""}: ${p.field ? `${p.field}: ` : ""}${p.message}`;
}

interface Place {
  sheet: string;
  cell: string;
  header?: string;
}

type Scalar = string | number | boolean | Date;

export function workbookToScenario(wb: ExcelJS.Workbook, fileName: string): ImportResult {
  const problems: SheetProblem[] = [];
  const places = new Map<string, Place>();
  /** Paths whose cells already have a problem: the loader's "required" for them would only repeat it. */
  const failed: string[] = [];
  const key = (path: readonly PathSegment[]) => path.join("\u0000");
  const doc: Record<string, unknown> = {};

  const known = [SCENARIO_SHEET, ...SHEETS.map((s) => s.name), COMMENTS_SHEET];
  const comments = { keys: new Map<string, string>(), entries: new Map<string, string>() };
  for (const ws of wb.worksheets) {
    if (!known.includes(ws.name)) {
      const near = suggest(ws.name, known);
      problems.push({ sheet: ws.name, message: `unknown sheet '${ws.name}'${near ? ` (did you mean '${near}'?)` : ""}; sheets are ${known.join(", ")}` });
    }
  }
  for (const name of REQUIRED_SHEETS) if (!wb.getWorksheet(name)) problems.push({ sheet: name, message: `missing sheet '${name}'` });

  const decodeInto = (target: Record<string, unknown>, col: Column, cell: ExcelJS.Cell, sheet: string, fullPath: PathSegment[], siblings: Column[]) => {
    places.set(key(fullPath), { sheet, cell: cell.address, header: col.header });
    const raw = scalarOf(cell);
    if ("error" in raw) {
      problems.push({ sheet, cell: cell.address, field: col.header, message: raw.error });
      failed.push(key(fullPath));
      return;
    }
    if (raw.value === null) return;
    const decoded = decode(raw.value, col.kind);
    if ("error" in decoded) {
      problems.push({ sheet, cell: cell.address, field: col.header, message: decoded.error });
      failed.push(key(fullPath));
      return;
    }
    if (decoded.value === undefined) return;
    if (!setIn(target, col.path, decoded.value)) {
      const dotted = (x: Column) => x.path.join(".");
      const other = siblings.find((s) => s !== col && (dotted(col).startsWith(`${dotted(s)}.`) || dotted(s).startsWith(`${dotted(col)}.`)));
      problems.push({ sheet, cell: cell.address, field: col.header, message: `cannot be combined with column '${other?.header ?? col.path[0]}' in the same row` });
      failed.push(key(fullPath));
    }
  };

  // The top-level fields: one per row, columns `field` and `value`.
  const top = wb.getWorksheet(SCENARIO_SHEET);
  places.set(key([]), { sheet: SCENARIO_SHEET, cell: "A1" });
  if (top) {
    const seen = new Set<string>();
    top.eachRow((row, r) => {
      if (r === 1) return;
      const nameCell = row.getCell(1);
      const raw = scalarOf(nameCell);
      const name = "value" in raw && raw.value !== null ? String(raw.value).trim() : "";
      if (name === "") {
        if (plain(row.getCell(2)) !== null) problems.push({ sheet: SCENARIO_SHEET, cell: nameCell.address, message: "a value without a field name" });
        return;
      }
      const field = SCENARIO_FIELDS.find((f) => f.header === name);
      if (!field) {
        const near = suggest(name, SCENARIO_FIELDS.map((f) => f.header));
        problems.push({ sheet: SCENARIO_SHEET, cell: nameCell.address, message: `unknown field '${name}'${near ? ` (did you mean '${near}'?)` : ""}` });
        return;
      }
      if (seen.has(name)) {
        problems.push({ sheet: SCENARIO_SHEET, cell: nameCell.address, message: `field '${name}' given twice` });
        return;
      }
      seen.add(name);
      decodeInto(doc, field, row.getCell(2), SCENARIO_SHEET, field.path, SCENARIO_FIELDS);
    });
  }

  // Entries per sheet, with their paths, so child sheets can find their parents by id.
  const parsed = new Map<string, { id: unknown; entry: Record<string, unknown>; path: PathSegment[] }[]>();
  for (const layout of SHEETS) {
    const ws = wb.getWorksheet(layout.name);
    const parents = layout.parent ? (parsed.get(layout.parent.sheet) ?? []) : [];
    if (!layout.parent) {
      places.set(key(layout.list), { sheet: layout.name, cell: "A1" });
      parsed.set(layout.name, []);
    }
    if (!ws) continue;
    const columns = readHeader(ws, layout, problems);
    const list: Record<string, unknown>[] = [];
    const childCount = new Map<Record<string, unknown>, number>();
    ws.eachRow((row, r) => {
      if (r === 1 || columns.every(({ index }) => plain(row.getCell(index)) === null)) return;
      let basePath: PathSegment[];
      const entry: Record<string, unknown> = {};
      if (layout.parent) {
        const idCell = row.getCell(columns.find((x) => x.column === undefined && !x.comment)?.index ?? 1);
        const raw = scalarOf(idCell);
        const parentId = "value" in raw && raw.value !== null ? String(raw.value).trim() : "";
        const parent = parents.find((p) => p.id === parentId);
        const field = layout.parent.column;
        if (!parent) {
          const message = parentId === "" ? `required: the id of an entry on sheet ${layout.parent.sheet}` : `no ${field} '${parentId}' on sheet ${layout.parent.sheet}`;
          const near = parentId === "" ? undefined : suggest(parentId, parents.map((p) => String(p.id)));
          problems.push({ sheet: layout.name, cell: idCell.address, field, message: `${message}${near ? ` (did you mean '${near}'?)` : ""}` });
          return;
        }
        const n = childCount.get(parent.entry) ?? 0;
        childCount.set(parent.entry, n + 1);
        if (n === 0) parent.entry[layout.list[0]] = [];
        (parent.entry[layout.list[0]] as unknown[]).push(entry);
        basePath = [...parent.path, layout.list[0], n];
      } else {
        basePath = [...layout.list, list.length];
        parsed.get(layout.name)?.push({ id: undefined, entry, path: basePath });
        list.push(entry);
      }
      places.set(key(basePath), { sheet: layout.name, cell: row.getCell(1).address });
      for (const { column, index, comment } of columns) {
        if (comment) {
          const text = plain(row.getCell(index));
          if (text !== null) comments.entries.set(basePath.join("."), String(text));
        } else if (column) decodeInto(entry, column, row.getCell(index), layout.name, [...basePath, ...column.path], layout.columns);
      }
      const own = parsed.get(layout.name);
      if (own && !layout.parent) own[own.length - 1].id = entry.id;
    });
    if (!layout.parent) setIn(doc, layout.list, list);
  }

  const notes = wb.getWorksheet(COMMENTS_SHEET);
  notes?.eachRow((row, r) => {
    const before = plain(row.getCell(1));
    const text = plain(row.getCell(2));
    if (r > 1 && text !== null) comments.keys.set(before === null ? "" : String(before).trim(), String(text));
  });

  // Through the normal loader: the same schema and reference checks as a YAML file.
  const yaml = toYaml(doc, comments, `Imported from ${fileName} by waferline import-scenario.`);
  const loaded = loadScenarioText(yaml);
  if (loaded.ok && problems.length === 0) return { ok: true, scenario: loaded.scenario, yaml };
  if (!loaded.ok) {
    for (const p of loaded.problems) {
      const k = key(p.path);
      if (failed.some((f) => k === f || k.startsWith(`${f}\u0000`))) continue;
      const place = placeOf(p.path, places, key, p.message);
      // A strict entry's extra field is a filled cell the row's kind does not use (e.g. `sd` of a triangular distribution).
      if (p.code === "unknown_key" && place.cell) place.message = "this column does not apply to this row: leave it empty";
      problems.push(place);
    }
  }
  const order = (p: SheetProblem) => {
    const m = /^([A-Z]+)(\d+)$/.exec(p.cell ?? "");
    const colNo = m ? [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : 0;
    return [known.indexOf(p.sheet) === -1 ? -1 : known.indexOf(p.sheet), m ? Number(m[2]) : 0, colNo];
  };
  problems.sort((x, y) => {
    const [a, b] = [order(x), order(y)];
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  });
  return { ok: false, problems };
}

/** Lines no longer than this are written on one line, in flow style: `- { id: fab, name: Fab, ... }`. */
const FLOW_LINE = 400;

/**
 * The scenario as a person writes it: keys in the schema's order (the order of every shipped file),
 * entries in their rows' order, an entry or list on one line when it fits, the file's comments above
 * the keys and entries they were written above.
 */
function toYaml(doc: Record<string, unknown>, comments: { keys: Map<string, string>; entries: Map<string, string> }, heading: string): string {
  const yamlDoc = new Document(orderLike(doc, scenarioSchema));
  const hash = (text: string) =>
    text
      .split("\n")
      .map((l) => ` ${l}`) // "# text"; an empty line stays a bare "#", so a comment block is not cut
      .join("\n");
  yamlDoc.commentBefore = hash([heading, ...(comments.keys.has("") ? [comments.keys.get("") as string] : [])].join("\n"));
  for (const [path, text] of comments.keys) {
    if (path === "") continue;
    const parts = path.split(".");
    const parent = parts.length === 1 ? yamlDoc.contents : yamlDoc.getIn(parts.slice(0, -1), true);
    const pair = isMap(parent) ? (parent.items as Pair<YamlNode, unknown>[]).find((p) => isScalar(p.key) && p.key.value === parts[parts.length - 1]) : undefined;
    if (pair && isScalar(pair.key)) {
      pair.key.commentBefore = hash(text);
    }
  }
  for (const [path, text] of comments.entries) {
    const node = yamlDoc.getIn(path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true) as YamlNode | undefined;
    if (node && (isMap(node) || isSeq(node) || isScalar(node))) node.commentBefore = hash(text);
  }
  // The lists that are sheets (sites, policies.tariffs...) keep one entry per line, like the map that holds them.
  const block = new Set<unknown>();
  for (const layout of SHEETS) {
    if (layout.parent) continue;
    for (let n = 1; n <= layout.list.length; n++) block.add(yamlDoc.getIn(layout.list.slice(0, n), true));
  }
  if (isMap(yamlDoc.contents)) {
    yamlDoc.contents.items.forEach((pair, i) => {
      compact(pair.value, 2 + String((pair.key as { value: unknown }).value).length, 0, block);
      // A blank line before each section (a list, or a map of lists), as the shipped files have.
      if (i > 0 && isScalar(pair.key) && (isSeq(pair.value) || (isMap(pair.value) && !pair.value.flow))) pair.key.spaceBefore = true;
    });
  }
  return yamlDoc.toString({ lineWidth: 0 }).split("\n").map(tightSeqs).join("\n");
}

/** `[a, b]` rather than `[ a, b ]` in flow collections, as people write lists (maps keep their `{ a: 1 }`). */
function tightSeqs(line: string): string {
  const body = line.trimStart();
  if (!/^(- )?([\w$.-]+: )?[[{]/.test(body)) return line; // not a flow collection (a comment, a block value)
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\" && quote === '"') {
        out += ch + (line[i + 1] ?? "");
        i++;
        continue;
      }
      if (ch === quote) quote = null;
      out += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === "[" && line[i + 1] === " ") {
      out += "[";
      i++;
      continue;
    }
    if (ch === " " && line[i + 1] === "]" && out.endsWith(" ") === false) continue;
    out += ch;
  }
  return out;
}

/** A collection goes on one line (flow style) when that line fits; else its entries are tried one by one. */
function compact(node: unknown, prefix: number, indent: number, block: Set<unknown>): void {
  if (!isMap(node) && !isSeq(node)) return;
  if (block.has(node)) {
    node.flow = false;
    if (isSeq(node)) for (const item of node.items) compact(item, 2, indent + 2, block);
    else for (const pair of node.items) compact(pair.value, 2 + String((pair.key as { value: unknown }).value).length, indent + 2, block);
    return;
  }
  node.flow = true;
  const comment = node.commentBefore;
  node.commentBefore = undefined; // measured without it: a comment goes on lines of its own
  const fits = indent + prefix + String(new Document(node)).trimEnd().length <= FLOW_LINE;
  node.commentBefore = comment;
  if (fits && !hasComments(node)) return;
  node.flow = false;
  if (isSeq(node)) for (const item of node.items) compact(item, 2, indent + 2, block);
  else for (const pair of node.items) compact(pair.value, 2 + String((pair.key as { value: unknown }).value).length, indent + 2, block);
}

/** Comments inside a collection cannot be written in flow style. */
function hasComments(node: unknown): boolean {
  if (isSeq(node)) return node.items.some((x) => (x as { commentBefore?: string }).commentBefore || hasComments(x));
  if (isMap(node)) return node.items.some((p) => hasComments(p.value));
  return false;
}

interface ZodLike {
  _zod: { def: { type: string; shape?: Record<string, ZodLike>; element?: ZodLike; innerType?: ZodLike; in?: ZodLike; options?: ZodLike[]; defaultValue?: unknown } };
}

/**
 * Object keys in the order the schema declares them (the order a scenario is written in), recursively.
 * Inside list entries, a field at its default (`shape: linear`, `leadTime: 0`, `consumes: []`) is left
 * out, as people leave it out; the loader puts it back, so the scenario is the same.
 */
function orderLike(value: unknown, schema: unknown, depth = 0): unknown {
  let s = schema as ZodLike | undefined;
  while (s && ["optional", "default", "nullable", "prefault", "readonly"].includes(s._zod.def.type)) s = s._zod.def.innerType;
  while (s && s._zod.def.type === "pipe") s = s._zod.def.in;
  if (Array.isArray(value)) return value.map((v) => orderLike(v, s?._zod.def.type === "array" ? s._zod.def.element : undefined, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  const options = s?._zod.def.type === "union" ? (s._zod.def.options ?? []) : s ? [s] : [];
  const objects = options.filter((o) => o._zod.def.type === "object");
  const shape = (objects.find((o) => Object.keys(v).every((k) => k in (o._zod.def.shape ?? {}))) ?? objects[0])?._zod.def.shape ?? {};
  const out: Record<string, unknown> = {};
  const left = new Set<string>();
  for (const k of Object.keys(shape)) {
    if (!(k in v)) continue;
    const field = shape[k]._zod.def;
    const atDefault = field.type === "default" && JSON.stringify(field.defaultValue) === JSON.stringify(v[k]);
    if (atDefault && (depth >= 2 || (Array.isArray(v[k]) && v[k].length === 0))) left.add(k);
    else out[k] = orderLike(v[k], shape[k], depth + 1);
  }
  for (const k of Object.keys(v)) if (!(k in out) && !left.has(k)) out[k] = v[k];
  return out;
}

function placeOf(path: PathSegment[], places: Map<string, Place>, key: (p: readonly PathSegment[]) => string, message: string): SheetProblem {
  const exact = places.get(key(path));
  if (exact) return { sheet: exact.sheet, cell: exact.cell, field: exact.header ?? pathString(path), message };
  for (let n = path.length - 1; n >= 0; n--) {
    const at = places.get(key(path.slice(0, n)));
    if (at && n > 0) return { sheet: at.sheet, cell: at.cell, field: pathString(path), message };
  }
  // Nothing read for this path: name the sheet that would hold it.
  const sheet = SHEETS.find((s) => !s.parent && s.list.every((k, i) => path[i] === k))?.name ?? SCENARIO_SHEET;
  return { sheet, field: pathString(path), message };
}

/** Columns by position; `column` undefined marks a child sheet's parent-id column, `comment` the comment column. */
function readHeader(ws: ExcelJS.Worksheet, layout: SheetLayout, problems: SheetProblem[]): { column?: Column; index: number; comment?: boolean }[] {
  const out: { column?: Column; index: number; comment?: boolean }[] = [];
  const names = headers(layout);
  const seen = new Set<string>();
  ws.getRow(1).eachCell((cell, index) => {
    const raw = scalarOf(cell);
    // A unit in parentheses after the name is allowed: `valueUsd (USD)`.
    const name = "value" in raw && raw.value !== null ? String(raw.value).replace(/\s*\(.*\)\s*$/, "").trim() : "";
    if (name === "") return;
    if (seen.has(name)) {
      problems.push({ sheet: ws.name, cell: cell.address, message: `column '${name}' given twice` });
      return;
    }
    seen.add(name);
    if (layout.parent && name === layout.parent.column) {
      out.push({ index });
      return;
    }
    if (name === COMMENT_COLUMN) {
      out.push({ index, comment: true });
      return;
    }
    const column = layout.columns.find((col) => col.header === name);
    if (!column) {
      const near = suggest(name, names);
      problems.push({ sheet: ws.name, cell: cell.address, message: `unknown column '${name}'${near ? ` (did you mean '${near}'?)` : ""}; columns are ${names.join(", ")}` });
      return;
    }
    out.push({ column, index });
  });
  if (layout.parent && !out.some((x) => x.column === undefined && !x.comment)) {
    problems.push({ sheet: ws.name, cell: "A1", message: `missing column '${layout.parent.column}' (the id of the entry on sheet ${layout.parent.sheet} each row belongs to)` });
  }
  return out;
}

function plain(cell: ExcelJS.Cell): Scalar | null {
  const raw = scalarOf(cell);
  return "value" in raw ? raw.value : null;
}

/** A cell's value as a plain scalar: formulas give their result, rich text its text. */
function scalarOf(cell: ExcelJS.Cell): { value: Scalar | null } | { error: string } {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === "string") return { value: v.trim() === "" ? null : v };
  if (typeof v === "number" || typeof v === "boolean" || v instanceof Date) return { value: v };
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; result?: unknown; formula?: string; sharedFormula?: string; text?: unknown; error?: string };
    if (o.richText) return { value: o.richText.map((t) => t.text).join("") };
    if (o.error) return { error: `the cell holds the error ${o.error}` };
    if ("formula" in o || "sharedFormula" in o) {
      const r = o.result;
      if (r === undefined || r === null) return { error: "a formula without a computed value (open and save the file in a spreadsheet program first)" };
      if (typeof r === "object" && r !== null && "error" in r) return { error: `the formula gives the error ${(r as { error: string }).error}` };
      return { value: r as Scalar };
    }
    if (typeof o.text === "string") return { value: o.text };
  }
  return { error: "a value of a kind that cannot be read" };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function decode(v: Scalar, kind: CellKind): { value: unknown } | { error: string } {
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  switch (kind) {
    case "number":
      if (typeof v === "number") return { value: v };
      if (typeof v === "string" && NUMBER.test(v.trim())) return { value: Number(v.trim()) };
      return { error: `expected number, got ${quote(text)}` };
    case "boolean":
      if (typeof v === "boolean") return { value: v };
      if (/^(true|yes|1)$/i.test(text.trim())) return { value: true };
      if (/^(false|no|0)$/i.test(text.trim())) return { value: false };
      return { error: `expected true or false, got ${quote(text)}` };
    case "period":
      // A spreadsheet may turn `2026-01` into a date: read it back as the month.
      if (v instanceof Date) return { value: v.toISOString().slice(0, 7) };
      return { value: text.trim() };
    case "list":
      return { value: splitList(text) };
    case "numbers": {
      const parts = splitList(text);
      const bad = parts.find((p) => !NUMBER.test(p));
      return bad === undefined ? { value: parts.map(Number) } : { error: `expected comma-separated numbers, got ${quote(bad)}` };
    }
    case "sourceRef": {
      const t = text.trim();
      return { value: t.startsWith("[") || t.includes(",") ? splitList(t) : t };
    }
    default:
      return { value: text };
  }
}

function splitList(text: string): string[] {
  const t = text.trim().replace(/^\[(.*)\]$/s, "$1");
  return t
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function quote(s: string): string {
  return `'${s.length > 30 ? `${s.slice(0, 30)}…` : s}'`;
}

/** Sets a nested field; false when a shorter path already holds a plain value there. */
function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): boolean {
  let obj = target;
  for (const k of path.slice(0, -1)) {
    const next = obj[k];
    if (next === undefined) obj = obj[k] = {} as Record<string, unknown>;
    else if (next !== null && typeof next === "object" && !Array.isArray(next)) obj = next as Record<string, unknown>;
    else return false;
  }
  const last = path[path.length - 1];
  if (obj[last] !== undefined) return false;
  obj[last] = value;
  return true;
}
