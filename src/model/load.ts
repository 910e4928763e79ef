// Text in, Scenario or problems out. YAML and JSON go through the same YAML parser, so both get
// line and column for every problem (valid JSON takes a faster path first). Pure: the caller reads the file.
import { CORE_SCHEMA, load as loadYamlFast } from "js-yaml";
import { type Document, isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { checkScenario, type ExtraIds } from "./check.js";
import { type PathSegment, type Problem, suggest } from "./problems.js";
import { type Scenario, scenarioSchema } from "./schema.js";

export type LoadResult = { ok: true; scenario: Scenario; problems: [] } | { ok: false; problems: Problem[] };

export function loadScenarioText(text: string): LoadResult {
  // Fast path for big JSON files: positions are only needed when there are problems.
  const json = strictJson(text);
  if (json !== undefined) {
    const parsed = scenarioSchema.safeParse(json);
    if (parsed.success && checkScenario(parsed.data).length === 0) return { ok: true, scenario: parsed.data, problems: [] };
  }

  const deep = flowTooDeep(text);
  if (deep >= 0) {
    const before = text.slice(0, deep);
    const position = { line: before.split("\n").length, col: deep - before.lastIndexOf("\n") };
    return { ok: false, problems: [{ code: "syntax", path: [], message: `collections nested more than ${MAX_FLOW_DEPTH} deep`, ...position }] };
  }

  // Fast path for valid YAML: js-yaml reads about ten times faster than building the positioned
  // document below, which only problems need. Texts with anchors skip it (js-yaml shares aliased
  // nodes, and an alias bomb would then hang the schema walk); any error falls through to the full path.
  if (json === undefined && !/&\S/.test(text)) {
    const fast = fastYaml(text);
    if (fast !== undefined) {
      const parsed = scenarioSchema.safeParse(fast);
      if (parsed.success && checkScenario(parsed.data).length === 0) return { ok: true, scenario: parsed.data, problems: [] };
    }
  }

  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  // logLevel error: warnings (such as a mapping used as a key) must not go to the console from the core.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: "error" });

  const syntax = (message: string, offset: number): LoadResult => ({ ok: false, problems: [{ code: "syntax", path: [], message, ...at(offset) }] });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map<Problem>((e) => ({
      code: "syntax",
      path: [],
      message: e.message.split("\n")[0],
      ...at(e.pos[0]),
    }));
    return { ok: false, problems };
  }

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // The yaml library refuses alias expansions that would blow up (a "billion laughs" file).
    return syntax(err instanceof Error ? err.message : String(err), 0);
  }
  // reportInput: without it zod leaves `input` out of every issue, and a wrong type reads as missing.
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  const problems: Problem[] = parsed.success ? checkScenario(parsed.data) : parsed.error.issues.flatMap((issue) => fromZodIssue(issue));
  if (!parsed.success) problems.push(...lenientCheck(raw, problems));

  if (problems.length === 0 && parsed.success) return { ok: true, scenario: parsed.data, problems: [] };
  for (const p of problems) Object.assign(p, locate(doc, p.path, p.code === "unknown_key", at));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { ok: false, problems };
}

/** YAML 1.2 core schema (no timestamps), duplicate keys refused; undefined on any error. */
function fastYaml(text: string): unknown {
  try {
    return loadYamlFast(text, { schema: CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
}

/**
 * The value of a text that JSON.parse accepts and that has no duplicate keys, else undefined.
 * The YAML parser reads about 1 MB/s, JSON.parse a hundred times that; a JSON text with duplicate
 * keys (JSON.parse keeps the last, YAML reports them) goes the YAML way.
 */
function strictJson(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Valid JSON has quotes only around strings, so scanning string to string is exact.
  let keysInText = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
    for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    let j = i + 1;
    while (text.charCodeAt(j) <= 0x20) j++;
    if (text.charCodeAt(j) === 0x3a) keysInText++;
  }
  let keysInValue = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v)) keysInValue += children.length;
    for (const c of children) stack.push(c);
  }
  return keysInText === keysInValue ? value : undefined;
}

/**
 * The offset where [ and { nest deeper than MAX_FLOW_DEPTH, or -1. The YAML composer recurses once
 * per level, and a few thousand levels can abort V8 outright (not a catchable error). Quoted strings
 * and comments are skipped; stray brackets in plain scalars only ever count a little extra.
 */
const MAX_FLOW_DEPTH = 256;
function flowTooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[" || c === "{") {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === "]" || c === "}") {
      if (depth > 0) depth--;
    } else if ((c === '"' || c === "'") && (i === 0 || " \t\n[{,:".includes(text[i - 1]))) {
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === "\\") i++;
    } else if (c === "#" && (i === 0 || " \t\n".includes(text[i - 1]))) {
      while (i < text.length && text[i] !== "\n") i++;
    }
  }
  return -1;
}

// Lists whose entries are checked one by one, so one bad entry does not hide the others' problems.
const LISTS = [
  ["sources"], ["sites"], ["items"], ["resources"], ["operations"], ["lanes"], ["inventory"], ["demand"], ["targets"],
  ["milestones"], ["policies", "tariffs"], ["policies", "exportControls"], ["uncertainty", "parameters"], ["uncertainty", "disruptions"],
  ["expansions"],
] as const;

/**
 * After schema problems, still run the cross-reference checks on every entry that is valid on its own,
 * so that all problems come out in one pass. Paths are mapped back to the entries' places in the file.
 */
function lenientCheck(raw: unknown, already: Problem[]): Problem[] {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return [];
  // Only the lists below are replaced, so copying the root and the two mappings that hold lists is enough
  // (and structuredClone is not part of the core's ES library).
  const copy: Record<string, unknown> = { ...raw };
  for (const key of ["policies", "uncertainty"]) {
    const v = copy[key];
    if (v !== null && typeof v === "object" && !Array.isArray(v)) copy[key] = { ...v };
  }
  const origins = new Map<string, number[]>();
  const extraIds: ExtraIds = {};
  for (const path of LISTS) {
    const parent = path.length === 1 ? copy : (copy[path[0]] as Record<string, unknown> | undefined);
    const key = path[path.length - 1];
    const list = parent?.[key];
    if (!parent || typeof parent !== "object" || !Array.isArray(list)) continue;
    let schemas: unknown[] = [scenarioSchema];
    for (const seg of [...path, 0]) schemas = schemas.flatMap((x) => childSchemas(x, seg));
    const elementSchema = schemas[0] as z.ZodType;
    const keep: unknown[] = [];
    const origin: number[] = [];
    list.forEach((entry, i) => {
      if (elementSchema.safeParse(entry).success) {
        keep.push(entry);
        origin.push(i);
      } else {
        if (path.length === 1 && key in singularKinds) {
          const id = (entry as { id?: unknown })?.id;
          if (typeof id === "string") (extraIds[key as keyof typeof singularKinds] ??= []).push(id);
        }
        // An invalid operation or stock entry still supplies its item: demand for it is not unproduced.
        const supplied = key === "operations" ? (entry as { produces?: { item?: unknown } })?.produces?.item : key === "inventory" ? (entry as { item?: unknown })?.item : undefined;
        if (typeof supplied === "string") (extraIds.supplied ??= []).push(supplied);
      }
    });
    parent[key] = keep;
    origins.set(path.join("."), origin);
  }
  const second = scenarioSchema.safeParse(copy);
  if (!second.success) return []; // the frame itself (horizon, name...) is broken: nothing more to check reliably
  const seen = new Set(already.map((p) => p.path.join(".")));
  return checkScenario(second.data, extraIds)
    .map((p) => {
      const path = [...p.path];
      for (const list of LISTS) {
        const n = list.length;
        if (list.every((k, i) => path[i] === k) && typeof path[n] === "number") path[n] = origins.get(list.join("."))?.[path[n] as number] ?? path[n];
      }
      return { ...p, path };
    })
    .filter((p) => !seen.has(p.path.join(".")));
}
const singularKinds = { sources: 1, sites: 1, items: 1, resources: 1, operations: 1, lanes: 1 };

function fromZodIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as PathSegment[];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const near = suggest(key, knownKeys(path));
        return { code: "unknown_key", path: [...path, key], message: `unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ""}` };
      });
    case "invalid_type":
      if (issue.input === undefined) return [{ code: "missing", path, message: `required (${issue.expected})` }];
      return [{ code: "invalid_type", path, message: `expected ${issue.expected}, got ${describe(issue.input)}` }];
    case "too_small":
    case "too_big":
      return [{ code: "out_of_range", path, message: issue.message }];
    case "invalid_union":
      return [{ code: "invalid_value", path, message: unionMessage(issue) }];
    default:
      return [{ code: "invalid_value", path, message: issue.message }];
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `'${value.length > 30 ? `${value.slice(0, 30)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}

/** A union's message names the most specific alternative's problem rather than "invalid input". */
function unionMessage(issue: z.core.$ZodIssueInvalidUnion): string {
  const alternatives = issue.errors.map((errs) => errs.map((e) => `${e.path.length ? `${e.path.join(".")}: ` : ""}${e.message}`).join("; "));
  const uniq = [...new Set(alternatives)].filter(Boolean);
  if (uniq.length === 0) return issue.message;
  return `matches none of the accepted forms: ${uniq.slice(0, 3).join(" | ")}`;
}

/** Keys the schema allows at a path, for "did you mean" on unknown keys. */
function knownKeys(path: PathSegment[]): string[] {
  let schemas: unknown[] = [scenarioSchema];
  for (const seg of path) schemas = schemas.flatMap((s) => childSchemas(s, seg));
  return [...new Set(schemas.flatMap((s) => Object.keys(objectShape(s) ?? {})))];
}

type Def = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; options?: unknown[]; in?: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function unwrap(s: unknown): unknown[] {
  const def = defOf(s);
  if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") return unwrap(def.innerType);
  if (def.type === "pipe") return unwrap(def.in);
  if (def.type === "union") return (def.options ?? []).flatMap(unwrap);
  return [s];
}

function objectShape(s: unknown): Record<string, unknown> | undefined {
  return unwrap(s)
    .map((u) => defOf(u))
    .filter((d) => d.type === "object")
    .reduce<Record<string, unknown> | undefined>((acc, d) => ({ ...(acc ?? {}), ...d.shape }), undefined);
}

function childSchemas(s: unknown, seg: PathSegment): unknown[] {
  return unwrap(s).flatMap((u) => {
    const def = defOf(u);
    if (def.type === "array" && typeof seg === "number") return [def.element];
    if (def.type === "object" && typeof seg === "string" && def.shape?.[seg]) return [def.shape[seg]];
    return [];
  });
}

/**
 * Where a path points in the text: the node itself, or for an unknown key the key,
 * or for a missing field the nearest enclosing node that exists.
 */
function locate(doc: Document, path: PathSegment[], atKey: boolean, at: (offset: number) => { line: number; col: number }) {
  let node: unknown = doc.contents;
  let found: unknown = node;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      found = (atKey && i === path.length - 1) || pair.value === null ? pair.key : pair.value;
      node = pair.value;
    } else if (node && typeof node === "object" && "items" in node && Array.isArray((node as { items: unknown[] }).items)) {
      const child = (node as { items: unknown[] }).items[seg as number];
      if (child === undefined) break;
      found = child;
      node = child;
    } else break;
  }
  const range = (found as Node | undefined)?.range;
  return range ? at(range[0]) : { line: 1, col: 1 };
}
