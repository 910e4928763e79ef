// Text in, Scenario or problems out. YAML and JSON go through the same YAML parser, so both get
// line and column for every problem (valid JSON takes a faster path first). Pure: the caller reads the file.
// Linear in the text's size, with hard limits (limits.ts) checked while parsing, before any work
// that a hostile text could make large: a huge mapping, list or nesting is one "limit" problem.
import { CORE_SCHEMA, type State as JsYamlState, load as loadYamlFast } from "js-yaml";
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from "yaml";
import type { z } from "zod";
import { checkScenario, type ExtraIds } from "./check.js";
import { count, LIMITS, sizeProblem } from "./limits.js";
import { type PathSegment, type Problem, suggest } from "./problems.js";
import { type Scenario, scenarioSchema } from "./schema.js";

export type LoadResult = { ok: true; scenario: Scenario; problems: [] } | { ok: false; problems: Problem[] };

const NESTED = `nested too deeply: more than ${LIMITS.depth} levels of mappings and lists`;

export function loadScenarioText(text: string): LoadResult {
  if (text.length > LIMITS.textChars) {
    return failed([{ code: "limit", path: [], message: `the text is ${count(text.length)} characters long; the limit is ${count(LIMITS.textChars)} (16 MiB)`, line: 1, col: 1 }]);
  }
  const deep = flowTooDeep(text);
  if (deep >= 0) return failed([{ code: "limit", path: [], message: NESTED, ...positionOf(text, deep) }]);

  // Fast paths: positions are only needed when there are problems. A text either fast parser reads
  // has had its limits checked; one neither reads (a syntax error, a duplicate key, an anchor) has its
  // limits checked by a parser that allows duplicate keys, before the positioned parser below.
  const json = strictJson(text);
  if (json?.over) return failed([readYaml(text, true).limit ?? { ...json.over, line: 1, col: 1 }]);
  if (json) {
    const done = accept(json.value);
    if (done) return done;
  } else {
    // js-yaml reads about ten times faster than the positioned parser below. Texts with anchors skip
    // it (js-yaml shares aliased nodes, and an alias bomb would then hang the schema walk).
    const fast = mayHoldAnchor(text) ? undefined : readYaml(text, false);
    if (fast?.limit) return failed([fast.limit]);
    if (fast && "value" in fast) {
      const done = accept(fast.value);
      if (done) return done;
    } else {
      const limit = readYaml(text, true).limit;
      if (limit) return failed([limit]);
    }
  }

  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  // logLevel error: warnings (such as a mapping used as a key) must not go to the console from the core.
  // Duplicate keys are found below in one pass: the parser's own check compares each key with every other.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: "error" });

  const syntax = (message: string, offset: number): LoadResult => failed([{ code: "syntax", path: [], message, ...at(offset) }]);
  if (doc.errors.length > 0) {
    const problems = doc.errors.map<Problem>((e) => {
      const message = e.message.split("\n")[0];
      // The parser catches its own stack overflow on deep nesting the scans above could not see.
      return /call stack/i.test(message) ? { code: "limit", path: [], message: NESTED, ...at(e.pos[0]) } : { code: "syntax", path: [], message, ...at(e.pos[0]) };
    });
    return failed(problems);
  }
  const structure = checkStructure(doc);
  if (structure.length > 0) return failed(structure.map(({ offset, ...p }) => ({ ...p, ...at(offset) })));

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
  if (parsed.success) {
    const size = sizeProblem(parsed.data);
    if (size) problems.push(size);
  } else problems.push(...lenientCheck(raw, problems));

  if (problems.length === 0 && parsed.success) return { ok: true, scenario: parsed.data, problems: [] };
  const keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  for (const p of problems) Object.assign(p, locate(doc, p.path, p.code === "unknown_key", at, keyIndex));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return failed(problems);
}

/**
 * Whether a text may hold a YAML anchor: an `&` where a node may begin (after a blank, a flow
 * indicator, a `:` or at the start), not one inside a word such as "P&T7", which the default scenario's
 * sources hold and which used to send every load of it to the positioned parser (several times slower).
 * A false positive only costs the fast path; a node property can follow nothing else.
 */
export function mayHoldAnchor(text: string): boolean {
  return /(?:^|[\s[{,:\uFEFF])&[^\s]/.test(text);
}

/** A valid scenario from a fast parser's value, or undefined when there is anything to report. */
function accept(value: unknown): LoadResult | undefined {
  const parsed = scenarioSchema.safeParse(value);
  if (parsed.success && sizeProblem(parsed.data) === null && checkScenario(parsed.data).length === 0) return { ok: true, scenario: parsed.data, problems: [] };
  return undefined;
}

/** Problems, at most LIMITS.problems of them: the rest are counted in a last one. */
function failed(problems: Problem[]): LoadResult {
  if (problems.length <= LIMITS.problems) return { ok: false, problems };
  const shown = problems.slice(0, LIMITS.problems - 1);
  const last = shown[shown.length - 1];
  const more = problems.length - shown.length;
  shown.push({ code: "limit", path: [], message: `${count(more)} more problems not listed (${count(problems.length)} in all)`, line: last?.line, col: last?.col });
  return { ok: false, problems: shown };
}

/** 1-based line and column of an offset, found by counting (done for one problem at most). */
function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

class LimitExceeded {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** "this list has 300,000 entries; the limit is 100,000", or "more than" when counting stopped at the limit. */
function tooMany(kind: "mapping" | "list", n: number | null): string {
  const [noun, limit] = kind === "mapping" ? ["keys", LIMITS.mappingKeys] : ["entries", LIMITS.listItems];
  return n === null ? `this ${kind} has more than ${count(limit)} ${noun}, the limit` : `this ${kind} has ${count(n)} ${noun}; the limit is ${count(limit)}`;
}

/** The offset of the node that js-yaml reports at `offset`: it reports a node before the blanks and comments that lead to it. */
function skipBlanks(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
    if (text[i] !== "#") return i;
    while (i < text.length && text[i] !== "\n") i++;
  }
}

/**
 * Whether the collection starting at `offset` is a list or a mapping, from its first characters
 * (after any tag or anchor): a flow list `[`, a block list `- `, else a mapping (`{`, `? `, a key).
 */
function collectionAt(text: string, offset: number): "list" | "mapping" {
  let i = skipBlanks(text, offset);
  while (text[i] === "!" || text[i] === "&") {
    while (i < text.length && !" \t\r\n".includes(text[i])) i++;
    i = skipBlanks(text, i);
  }
  if (text[i] === "[") return "list";
  return text[i] === "-" && (i + 1 >= text.length || " \t\r\n".includes(text[i + 1])) ? "list" : "mapping";
}

/**
 * js-yaml (YAML 1.2 core schema, no timestamps), with the limits checked as each node opens, so that
 * reading stops at the first one exceeded: the value; or that limit, positioned; or neither when the
 * text does not parse. `duplicates` lets a repeated key through (the last wins) for a text read only
 * for its limits.
 */
function readYaml(text: string, duplicates: boolean): { value: unknown; limit?: undefined } | { limit: Problem } | { limit?: undefined } {
  // The nodes open now, outermost first (at most depth + 2 of them: deeper is refused below); a node's
  // direct children are counted as they open (a mapping's keys and values both open as its children).
  // Fixed arrays, not an object per node: this runs for every node of every text.
  const size = LIMITS.depth + 3;
  const offsets = new Int32Array(size);
  const children = new Int32Array(size);
  const kinds = new Int8Array(size); // 0 not known yet, 1 list, 2 mapping
  let depth = 0;
  let nodes = 0;
  const listener = (event: "open" | "close", state: JsYamlState) => {
    if (event === "close") {
      depth--;
      return;
    }
    if (++nodes > LIMITS.nodes) throw new LimitExceeded(state.position, `more than ${count(LIMITS.nodes)} values in all; the limit is ${count(LIMITS.nodes)}`);
    // + 1: js-yaml opens a scalar in a block list twice (the item, then a try at a mapping key in it).
    if (depth > LIMITS.depth + 1) throw new LimitExceeded(state.position, NESTED);
    if (depth > 0) {
      const p = depth - 1;
      if (kinds[p] === 0) kinds[p] = collectionAt(text, offsets[p]) === "list" ? 1 : 2;
      const n = ++children[p];
      if (kinds[p] === 1 ? n > LIMITS.listItems : n > 2 * LIMITS.mappingKeys) throw new LimitExceeded(offsets[p], tooMany(kinds[p] === 1 ? "list" : "mapping", null));
    }
    offsets[depth] = state.position;
    children[depth] = 0;
    kinds[depth] = 0;
    depth++;
  };
  try {
    return { value: loadYamlFast(text, { schema: CORE_SCHEMA, json: duplicates, listener }) };
  } catch (err) {
    if (!(err instanceof LimitExceeded)) return {};
    return { limit: { code: "limit", path: [], message: err.message, ...positionOf(text, skipBlanks(text, err.offset)) } };
  }
}

/**
 * The value of a text that JSON.parse accepts and that has no duplicate keys, or its first limit
 * exceeded (without a position); undefined for any other text. The YAML parser reads about 1 MB/s,
 * JSON.parse a hundred times that; a JSON text with duplicate keys (JSON.parse keeps the last, YAML
 * reports them) goes the YAML way.
 */
function strictJson(text: string): { value: unknown; over?: Problem } | undefined {
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
  let nodes = 0;
  // Paths as links to the parent (built into a list only for the one problem reported).
  type Link = { seg: PathSegment; up: Link } | null;
  const stack: { v: unknown; depth: number; at: Link }[] = [{ v: value, depth: 0, at: null }];
  const over = (at: Link, message: string) => {
    const path: PathSegment[] = [];
    for (let l = at; l; l = l.up) path.unshift(l.seg);
    return { value, over: { code: "limit" as const, path, message } };
  };
  while (stack.length > 0) {
    const { v, depth, at } = stack.pop() as (typeof stack)[number];
    if (++nodes > LIMITS.nodes) return over(null, `more than ${count(LIMITS.nodes)} values in all; the limit is ${count(LIMITS.nodes)}`);
    if (depth > LIMITS.depth) return over(at, NESTED);
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      if (v.length > LIMITS.listItems) return over(at, tooMany("list", v.length));
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], depth: depth + 1, at: { seg: i, up: at } });
    } else {
      const keys = Object.keys(v);
      if (keys.length > LIMITS.mappingKeys) return over(at, tooMany("mapping", keys.length));
      keysInValue += keys.length;
      for (const k of keys) stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, at: { seg: k, up: at } });
    }
  }
  return keysInText === keysInValue ? { value } : undefined;
}

/**
 * Duplicate keys, and the limits again (the positioned parser reads texts the fast ones could not),
 * in one pass over the document without recursion. Offsets, not positions: the caller has the line counter.
 */
function checkStructure(doc: Document): (Problem & { offset: number })[] {
  const problems: (Problem & { offset: number })[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0 && problems.length < LIMITS.problems) {
    const { node, depth } = stack.pop() as (typeof stack)[number];
    if (node === null || typeof node !== "object" || isAlias(node)) continue;
    const offset = (node as Node).range?.[0] ?? 0;
    const limit = (message: string) => [{ code: "limit" as const, path: [], message, offset }];
    if (++nodes > LIMITS.nodes) return limit(`more than ${count(LIMITS.nodes)} values in all; the limit is ${count(LIMITS.nodes)}`);
    if (depth > LIMITS.depth) return limit(NESTED);
    if (isMap(node) || isSeq(node)) {
      const n = node.items.length;
      if (isMap(node) && n > LIMITS.mappingKeys) return limit(tooMany("mapping", n));
      if (isSeq(node) && n > LIMITS.listItems) return limit(tooMany("list", n));
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          if (seen.has(key)) problems.push({ code: "syntax", path: [], message: "Map keys must be unique", offset: pair.key.range?.[0] ?? offset });
          seen.add(key);
        }
        stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * The offset where [ and { nest deeper than the depth limit, or -1. The YAML composer recurses once
 * per level, and a few thousand levels can abort V8 outright (not a catchable error). Quoted strings
 * and comments are skipped; stray brackets in plain scalars only ever count a little extra.
 */
function flowTooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[" || c === "{") {
      if (++depth > LIMITS.depth) return i;
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
      if (typeof issue.input === "number" && issue.expected === "number") return [{ code: "invalid_value", path, message: `expected a finite number, got ${describe(issue.input)}` }];
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
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "not-a-number (.nan)" : `${value > 0 ? "" : "minus "}infinity (${value > 0 ? "" : "-"}.inf)`;
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
 * or for a missing field the nearest enclosing node that exists. Each mapping's keys are indexed
 * once (`keyIndex`), so locating every problem stays linear however many keys a mapping holds.
 */
function locate(doc: Document, path: PathSegment[], atKey: boolean, at: (offset: number) => { line: number; col: number }, keyIndex: WeakMap<YAMLMap, Map<string, Pair>>) {
  let node: unknown = doc.contents;
  let found: unknown = node;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      let index = keyIndex.get(node);
      if (!index) {
        index = new Map();
        for (const p of node.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p as Pair);
        keyIndex.set(node, index);
      }
      const pair = index.get(String(seg));
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
