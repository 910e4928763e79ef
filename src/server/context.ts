// What every route module shares: the store, the runs, the validator's threads, the what-if thread, the
// limits, and the few helpers that read a body and resolve a scenario the same way for every route.
import type { IncomingMessage } from "node:http";
import { createRoute as _createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { type EventRef, foresightOf, resolveEventRefs, type ScenarioEvent } from "../model/index.js";
import type { RunStore, Variant } from "../store/index.js";
import { ApiError, invalidRequest, notFound, PROBLEM_TYPE, type ProblemDetails } from "./problem.js";
import type { RunManager } from "./runs.js";
import { DEFAULT_SCENARIO, loadBuiltin } from "./scenarios.js";
import { ProblemSchema } from "./schemas.js";
import { eventProblems, type RequestOutcome, type RequestTask, type Task, type TextOutcome } from "./validate.js";
import type { Validator } from "./validator.js";
import type { WhatIfPool } from "./whatif.js";

export interface Limits {
  maxTrials: number;
  maxRunSeconds: number;
  maxBodyBytes: number;
  maxConcurrentRuns: number;
  maxConcurrentValidations: number;
  maxEventStreams: number;
  maxEventStreamsPerRun: number;
  maxWhatIfSessions: number;
}

export interface ServerContext {
  store: RunStore;
  runs: RunManager;
  validator: Validator;
  whatIf: WhatIfPool;
  limits: Limits;
}

/** A scenario a route was asked about, resolved: what a run, a comparison side or a what-if needs. */
export interface ResolvedScenario {
  /** What to call it in reports and problems. */
  file: string;
  text: string;
  /** The name it is shown and stored under: the variant's for a variant, else the scenario's own. */
  name: string;
  seed: number;
  periods: readonly string[];
  /** The scenario's own `whatIf.events`, then those asked for. */
  events: ScenarioEvent[];
  /** The scenario's `whatIf.foresight`: the default where a request does not say. */
  foresight: boolean;
  source: "builtin" | "inline" | "variant";
  variant?: Variant;
}

/** A sub-app whose request validation failures become 400 problems listing each field. */
export function routes(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error.issues);
    },
  });
}

export const createRoute = _createRoute;
export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
/** The refusals of a route whose body is read whole before it is checked. */
export const bodyProblems = { 413: problem("the body is too large"), 415: problem("the body is not application/json") };
/** An answer already encoded (by a worker thread). */
export const encoded = (c: Context, body: Uint8Array, status: 200 | 201 = 200, headers: Record<string, string> = {}) => c.body(body as Uint8Array<ArrayBuffer>, status, { "content-type": "application/json", ...headers });

/** A problem computed off the event loop, thrown as the error it is. */
export const problemError = (p: ProblemDetails) => new ApiError(p.status, p.type.replace(PROBLEM_TYPE, ""), p.title, p.detail, p);

/**
 * A JSON body as bytes, capped at maxBodyBytes. Read whole before any refusal but 413: a client that
 * is refused (415, 429) keeps a usable connection, instead of one cut while it still sends.
 */
export async function jsonBody(ctx: ServerContext, c: Context): Promise<Uint8Array> {
  const type = c.req.header("content-type");
  const bytes = await readBody(c, ctx.limits.maxBodyBytes);
  if (type ? !/^application\/json\s*(;|$)/i.test(type) : bytes.length > 0) throw new HTTPException(415, { message: "Unsupported Media Type" });
  return bytes;
}

/** A task for the validator's threads: a problem comes back thrown, anything else as the outcome. */
export async function offLoop(ctx: ServerContext, task: Task): Promise<Exclude<RequestOutcome, { type: "problem" }>> {
  const outcome = await ctx.validator.handle(task);
  if (outcome.type === "problem") throw problemError(outcome.problem);
  return outcome;
}

/** The request's parsed fields and loaded texts (offLoop of a body route). */
export async function checkedBody<T>(ctx: ServerContext, c: Context, route: RequestTask["route"]): Promise<{ request: T; texts: Record<string, TextOutcome> }> {
  const outcome = await offLoop(ctx, { route, body: await jsonBody(ctx, c), maxTrials: ctx.limits.maxTrials });
  if (outcome.type !== "request") throw new ApiError(500, "internal", "Internal error", "unexpected outcome");
  return { request: outcome.request as T, texts: outcome.texts };
}

/**
 * A built-in (parsed once, cached), an inline text (loaded already, on the validator's threads) or a
 * stored variant (loaded there now), with the events asked for resolved against it; `path` locates the
 * source in the request for its problems.
 */
export async function resolveScenario(ctx: ServerContext, src: { scenario?: string; variant?: string }, inline: TextOutcome | undefined, events: readonly EventRef[] | undefined, path: string[] = []): Promise<ResolvedScenario> {
  if (src.variant !== undefined) {
    const variant = ctx.store.getVariant(src.variant);
    if (!variant) throw notFound(`no variant named '${src.variant}' (GET /api/variants lists them)`);
    const out = await offLoop(ctx, { route: "load", texts: [{ key: "v", text: variant.text, events, path }] });
    const t = out.type === "request" ? out.texts.v : undefined;
    if (!t?.ok) throw problemError(t?.problem ?? { type: "about:blank", title: "Internal error", status: 500, detail: "unexpected outcome" });
    return { file: `${variant.name}.yaml`, text: t.text, name: variant.name, seed: t.seed, periods: t.periods, events: t.events, foresight: t.foresight, source: "variant", variant };
  }
  if (inline) {
    if (!inline.ok) throw problemError(inline.problem);
    return { file: "(inline)", text: inline.text, name: inline.name, seed: inline.seed, periods: inline.periods, events: inline.events, foresight: inline.foresight, source: "inline" };
  }
  const b = loadBuiltin(src.scenario ?? DEFAULT_SCENARIO);
  const resolved = resolveEventRefs(b.scenario, events ?? []);
  if (!resolved.ok) throw problemError(eventProblems(resolved.problems, path));
  return { file: `${b.name}.yaml`, text: b.text, name: b.scenario.name, seed: b.scenario.seed, periods: b.network.periods, events: resolved.events, foresight: foresightOf(b.scenario, undefined), source: "builtin" };
}

/** A request's body as one array of bytes; a 413 problem as soon as it grows past `max`. */
async function readBody(c: Context, max: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, "body-too-large", "Content too large", `the request body is larger than ${max} bytes`);
  const declared = c.req.header("content-length");
  if (Number(declared ?? 0) > max) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let length = 0;
  const add = (chunk: Uint8Array) => {
    length += chunk.length;
    if (length > max) throw tooLarge();
    chunks.push(chunk);
  };
  // Under `serve`, Node's own request stream when nothing has read it yet: its chunks arrive as they
  // are, where the web stream over it (the fallback, and what app.request() gives) costs the event loop
  // about twice as much per megabyte.
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  try {
    if (incoming && declared !== undefined && incoming.readableFlowing === null && !incoming.readableEnded) {
      for await (const chunk of incoming) add(chunk as Buffer);
    } else {
      const reader = c.req.raw.body?.getReader();
      for (let r = await reader?.read(); r && !r.done; r = await reader?.read()) {
        try {
          add(r.value);
        } catch (err) {
          await reader?.cancel().catch(() => {});
          throw err;
        }
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "body-incomplete", "Bad request", "the request body was not received whole");
  }
  // Its own buffer, exactly its size: it moves to a worker thread whole.
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
