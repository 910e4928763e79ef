// Request bodies that carry scenario texts, handled off the event loop: decoded, parsed as JSON, checked
// against the route's request schema, and each scenario text in them loaded and validated, with the
// events asked for resolved against it. Texts the server holds itself (a stored variant, a run's
// scenario) come the same way as a `load` task. Plain data in and out (bytes or texts in; a problem, an
// encoded response or a checked request out), so that it runs the same in a worker thread or in-process.
// The event loop only ever holds the body's bytes.
import { type EventRef, eventSummaries, foresightOf, loadScenarioText, normalize, type Problem, resolveEventRefs, type ScenarioEvent } from "../model/index.js";
import { diffScenarios } from "../run/compare.js";
import { invalidRequest, invalidScenarioJson, type ProblemDetails, scenarioProblemJson } from "./problem.js";
import { networkView, summarize } from "./scenarios.js";
import { CreateVariantRequest, compareRequestSchema, OpenWhatIfRequest, runRequestSchema, UpdateVariantRequest, ValidateRequest } from "./schemas.js";

/** Routes whose bodies are handled here. */
export type BodyRoute = "validate" | "events" | "runs" | "compare" | "variant-create" | "variant-update" | "whatif-open";

export interface RequestTask {
  route: BodyRoute;
  /** The body as received (UTF-8 JSON). */
  body: Uint8Array;
  maxTrials: number;
}

/** A scenario text to load, with the events to resolve against it; `path` prefixes the events' problems. */
export interface TextTask {
  key: string;
  text: string;
  events?: readonly EventRef[];
  path?: string[];
}

export interface LoadTask {
  route: "load";
  texts: TextTask[];
}

/** A scenario text as a workbook (export of a variant). */
export interface XlsxTask {
  route: "xlsx";
  text: string;
}

/** Two scenario texts to diff (a comparison's input diff): YAML with positions is slow to parse. */
export interface DiffTask {
  route: "diff";
  a: string;
  b: string;
}

/** Any task of the validator's threads. */
export type Task = RequestTask | LoadTask | XlsxTask | DiffTask;

/** A scenario text that loads, with what a run, a comparison or a what-if needs of it. */
export interface LoadedText {
  text: string;
  name: string;
  seed: number;
  periods: string[];
  /** Those asked for, after the scenario's own `whatIf.events`. */
  events: ScenarioEvent[];
  /** The scenario's `whatIf.foresight`: the default where a request does not say. */
  foresight: boolean;
}

export type TextOutcome = ({ ok: true } & LoadedText) | { ok: false; problem: ProblemDetails };

export type RequestOutcome =
  | { type: "problem"; problem: ProblemDetails }
  /** An answer encoded whole: the event loop only writes it out. */
  | { type: "json"; body: Uint8Array }
  /** The request, checked; its scenario texts loaded, by key (`text`, or `a` and `b` for a comparison). */
  | { type: "request"; request: Record<string, unknown>; texts: Record<string, TextOutcome> }
  /** A file's bytes (a workbook). */
  | { type: "file"; body: Uint8Array };

const schemas = new Map<string, { safeParse(x: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }>();

function schemaOf(route: BodyRoute, maxTrials: number) {
  const key = `${route}:${maxTrials}`;
  let s = schemas.get(key);
  if (!s) {
    s = route === "runs" ? runRequestSchema(maxTrials) : route === "compare" ? compareRequestSchema(maxTrials) : route === "variant-create" ? CreateVariantRequest : route === "variant-update" ? UpdateVariantRequest : route === "whatif-open" ? OpenWhatIfRequest : ValidateRequest;
    schemas.set(key, s as never);
  }
  return s as NonNullable<typeof s>;
}

const encode = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));

/** Any task of the validator's threads. */
export async function handleTask(task: Task): Promise<RequestOutcome> {
  if (task.route === "diff") return { type: "json", body: encode(diffScenarios(task.a, task.b)) };
  return task.route === "xlsx" ? workbookOf(task.text) : handleRequest(task);
}

async function workbookOf(text: string): Promise<RequestOutcome> {
  const r = loadScenarioText(text);
  if (!r.ok) return { type: "problem", problem: invalidScenarioJson(r.problems.map(scenarioProblemJson)).toProblem() };
  const { scenarioToWorkbook } = await import("../xlsx/index.js"); // exceljs loads in ~0.3 s: only when used
  const buffer = await scenarioToWorkbook(r.scenario, { text }).xlsx.writeBuffer();
  return { type: "file", body: new Uint8Array(buffer as ArrayBuffer) };
}

export function handleRequest(task: RequestTask | LoadTask): RequestOutcome {
  if (task.route === "load") return { type: "request", request: {}, texts: Object.fromEntries(task.texts.map((t) => [t.key, loadText(t)])) };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(task.body));
  } catch {
    // As hono's own JSON validator answers (a text too deeply nested for JSON.parse is malformed too).
    return { type: "problem", problem: { type: "about:blank", title: "Bad request", status: 400, detail: "Malformed JSON in request body" } };
  }
  const parsed = schemaOf(task.route, task.maxTrials).safeParse(json);
  if (!parsed.success) return { type: "problem", problem: invalidRequest(parsed.error.issues).toProblem() };
  const request = parsed.data as Record<string, unknown> & { text?: string; events?: EventRef[] };

  if (task.route === "validate" || task.route === "events") {
    const result = loadScenarioText(request.text as string);
    if (task.route === "events") {
      if (!result.ok) return { type: "problem", problem: invalidScenarioJson(result.problems.map(scenarioProblemJson)).toProblem() };
      return { type: "json", body: encode({ scenario: result.scenario.name, events: eventSummaries(result.scenario), foresight: foresightOf(result.scenario, undefined) }) };
    }
    const answer = result.ok
      ? { ok: true, problems: [], summary: summarize(result.scenario), network: networkView(normalize(result.scenario)) }
      : { ok: false, problems: result.problems.map(scenarioProblemJson) };
    return { type: "json", body: encode(answer) };
  }
  const texts: Record<string, TextOutcome> = {};
  if ((task.route === "runs" || task.route === "whatif-open") && request.text !== undefined) texts.text = loadText({ key: "text", text: request.text, events: request.events });
  if (task.route === "variant-create" || task.route === "variant-update") {
    // A variant is checked as it would load; its events are its own library's, nothing to resolve here.
    if (request.text !== undefined) texts.text = loadText({ key: "text", text: request.text });
    const t = texts.text;
    if (t && !t.ok && task.route === "variant-create" && typeof request.name === "string") t.problem.file = `${request.name}.yaml`;
  }
  if (task.route === "compare") {
    for (const key of ["a", "b"] as const) {
      const side = request[key] as { text?: string; events?: EventRef[] };
      if (side.text !== undefined) texts[key] = loadText({ key, text: side.text, events: side.events, path: [key] });
    }
  }
  for (const t of Object.values(texts)) if (!t.ok) return { type: "problem", problem: t.problem };
  return { type: "request", request, texts };
}

/** A scenario text loaded, and the events asked for resolved against it; an invalid text is a 422, a bad event a 400. */
export function loadText(task: TextTask): TextOutcome {
  const result = loadScenarioText(task.text);
  if (!result.ok) {
    const problems = result.problems.map(scenarioProblemJson);
    if (task.path) for (const p of problems) p.path = `${task.path.join(".")}: ${p.path}`;
    return { ok: false, problem: invalidScenarioJson(problems).toProblem() };
  }
  const resolved = resolveEventRefs(result.scenario, task.events ?? []);
  if (!resolved.ok) return { ok: false, problem: eventProblems(resolved.problems, task.path ?? []) };
  const net = normalize(result.scenario);
  return { ok: true, text: task.text, name: result.scenario.name, seed: result.scenario.seed, periods: net.periods, events: resolved.events, foresight: foresightOf(result.scenario, undefined) };
}

/** Events that do not resolve: a 400 listing each at its path in the request. */
export function eventProblems(problems: readonly Problem[], prefix: readonly string[]): ProblemDetails {
  return invalidRequest(problems.map((p) => ({ path: [...prefix, ...p.path], message: p.message }))).toProblem();
}
