// RFC 9457 problem details: every error the API answers is one of these, as application/problem+json.
import type { Problem as ScenarioProblem } from "../model/index.js";

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Where the problem lies in the scenario, when it lies in one. */
  path?: string;
  line?: number;
  col?: number;
  /** Every scenario problem, for an invalid scenario. */
  problems?: ScenarioProblemJson[];
  /** Request fields that failed validation. */
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export interface ScenarioProblemJson {
  code: string;
  path: string;
  message: string;
  line: number;
  col: number;
}

export const PROBLEM_TYPE = "urn:waferline:problem:";

/** An error a route throws; the app's error handler turns it into problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly extra: Partial<ProblemDetails>;
  constructor(status: number, slug: string, title: string, detail: string, extra: Partial<ProblemDetails> = {}) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.extra = extra;
  }

  toProblem(): ProblemDetails {
    return { type: `${PROBLEM_TYPE}${this.slug}`, title: this.title, status: this.status, detail: this.message, ...this.extra };
  }
}

export function problemResponse(p: ProblemDetails, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), { status: p.status, headers: { "content-type": "application/problem+json", ...headers } });
}

export function scenarioProblemJson(p: ScenarioProblem): ScenarioProblemJson {
  return { code: p.code, path: p.path.length ? p.path.join(".") : "(root)", message: p.message, line: p.line ?? 1, col: p.col ?? 1 };
}

/** 422: the scenario sent or named does not load; the first problem's position is lifted to the top. */
export function invalidScenario(problems: ScenarioProblem[]): ApiError {
  return invalidScenarioJson(problems.map(scenarioProblemJson));
}

export function invalidScenarioJson(list: ScenarioProblemJson[]): ApiError {
  const first = list[0];
  return new ApiError(422, "invalid-scenario", "The scenario is invalid", `${list.length} problem${list.length === 1 ? "" : "s"}; first: ${first ? `${first.line}:${first.col}: ${first.path}: ${first.message}` : "unknown"}`, {
    path: first?.path,
    line: first?.line,
    col: first?.col,
    problems: list,
  });
}

export const notFound = (detail: string) => new ApiError(404, "not-found", "Not found", detail);

/** 400: request fields that failed their schema, each with its path. */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  const errors = issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
  return new ApiError(400, "invalid-request", "The request is invalid", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
}
