// The bodies of POST /api/validate and POST /api/runs, handled off the event loop: decoded, parsed as
// JSON, checked against the request schema, and their scenario text loaded and validated. Plain data in
// and out (bytes in; a problem, an encoded response, or a run request out), so that it runs the same
// in a worker thread or in-process. The event loop only ever holds the body's bytes.
import { loadScenarioText, normalize } from "../model/index.js";
import { type ProblemDetails, invalidRequest, invalidScenarioJson, scenarioProblemJson } from "./problem.js";
import { networkView, summarize } from "./scenarios.js";
import { runRequestSchema, ValidateRequest } from "./schemas.js";

export interface RequestTask {
  route: "validate" | "runs";
  /** The body as received (UTF-8 JSON). */
  body: Uint8Array;
  maxTrials: number;
}

/** POST /api/runs's fields, but the scenario text, which comes checked beside them. */
export interface RunRequest {
  scenario?: string;
  kinds: string | string[];
  trials?: number;
  seed?: number;
  stressAt?: string;
}

export type RequestOutcome =
  | { type: "problem"; problem: ProblemDetails }
  /** The answer to POST /api/validate, encoded: the event loop only writes it out. */
  | { type: "json"; body: Uint8Array }
  | { type: "run"; request: RunRequest; inline?: { text: string; name: string; seed: number; periods: string[] } };

const runSchemas = new Map<number, ReturnType<typeof runRequestSchema>>();

export function handleRequest(task: RequestTask): RequestOutcome {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(task.body));
  } catch {
    // As hono's own JSON validator answers (a text too deeply nested for JSON.parse is malformed too).
    return { type: "problem", problem: { type: "about:blank", title: "Bad request", status: 400, detail: "Malformed JSON in request body" } };
  }
  if (task.route === "validate") {
    const parsed = ValidateRequest.safeParse(json);
    if (!parsed.success) return { type: "problem", problem: invalidRequest(parsed.error.issues).toProblem() };
    const result = loadScenarioText(parsed.data.text);
    const answer = result.ok
      ? { ok: true, problems: [], summary: summarize(result.scenario), network: networkView(normalize(result.scenario)) }
      : { ok: false, problems: result.problems.map(scenarioProblemJson) };
    return { type: "json", body: new TextEncoder().encode(JSON.stringify(answer)) };
  }
  let schema = runSchemas.get(task.maxTrials);
  if (!schema) runSchemas.set(task.maxTrials, (schema = runRequestSchema(task.maxTrials)));
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { type: "problem", problem: invalidRequest(parsed.error.issues).toProblem() };
  const { text, ...request } = parsed.data;
  if (text === undefined) return { type: "run", request };
  const result = loadScenarioText(text);
  if (!result.ok) return { type: "problem", problem: invalidScenarioJson(result.problems.map(scenarioProblemJson)).toProblem() };
  const net = normalize(result.scenario);
  return { type: "run", request, inline: { text, name: result.scenario.name, seed: result.scenario.seed, periods: net.periods } };
}
