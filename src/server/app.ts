// The HTTP API and the dashboard's files as one hono app. Pure of process concerns (no listening, no
// environment): `serve` wires it to a socket, tests call `app.request()`.
import { timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import { DEFAULT_TRIALS, RUN_KINDS, type RunKind } from "../run/run.js";
import { type RunStore, StoreError } from "../store/index.js";
import { jsonBody, type Limits, offLoop, resolveScenario, type ServerContext } from "./context.js";
import { registerCompareRoutes } from "./compare.routes.js";
import { registerEventRoutes } from "./events.routes.js";
import { ApiError, invalidRequest, notFound, type ProblemDetails, problemResponse } from "./problem.js";
import { type Executor, type RunEvent, RunManager } from "./runs.js";
import { DEFAULT_SCENARIO, listBuiltins, loadBuiltin, networkView, summarize } from "./scenarios.js";
import type { EventRef } from "../model/index.js";
import { Validator } from "./validator.js";
import { registerVariantRoutes } from "./variants.routes.js";
import { WhatIfPool } from "./whatif.js";
import { registerWhatIfRoutes } from "./whatif.routes.js";
import {
  ListRunsQuery,
  ProblemSchema,
  RunIdParam,
  RunSchema,
  RunSummarySchema,
  runRequestSchema,
  ScenarioNameParam,
  ScenarioSummarySchema,
  NetworkViewSchema,
  ValidateRequest,
  ValidateResponse,
} from "./schemas.js";

export interface AppOptions {
  store: RunStore;
  /** Most Monte Carlo trials one request may ask for. */
  maxTrials?: number;
  /** Longest a run may go on, in seconds, before it is stopped and stored as failed. */
  maxRunSeconds?: number;
  /** Runs going on at once; more are refused with 429. */
  maxConcurrentRuns?: number;
  /** Largest request body, in bytes; larger ones get 413. */
  maxBodyBytes?: number;
  /** When set, every /api request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Only accept requests whose Host is a loopback name (guards a loopback server against DNS rebinding). */
  loopbackHostsOnly?: boolean;
  /** Worker threads per run (default: the machine's parallelism). */
  threads?: number;
  /** The built dashboard (default: dist/web next to the compiled server). */
  webRoot?: string;
  /** Scenario texts checked at once (POST /api/validate and inline runs); more are refused with 429. */
  maxConcurrentValidations?: number;
  /** A scenario text whose check takes longer than this is stopped and answered with 422. */
  validateTimeoutSeconds?: number;
  /** Open event streams (GET /api/runs/{id}/events) in all and per run; more are refused with 429. */
  maxEventStreams?: number;
  maxEventStreamsPerRun?: number;
  /** Seconds between the comment lines that keep an idle event stream open (default 15). */
  eventKeepAliveSeconds?: number;
  /** What-if sessions kept at once (each holds a HiGHS model); the least recently used goes beyond. */
  maxWhatIfSessions?: number;
  /** A what-if session idle this long is closed. */
  whatIfIdleSeconds?: number;
  /** A what-if request still going after this long restarts the what-if thread (its sessions close). */
  whatIfTimeoutSeconds?: number;
  /** Replaces the run's worker thread (executeRunInWorker), for tests of failure paths. */
  execute?: Executor;
}

export interface WaferlineApp {
  app: OpenAPIHono;
  runs: RunManager;
  /**
   * Stops the runs going on (marks them cancelled at once), ends the event streams and stops the
   * validation threads; resolves once every thread is gone. The store stays open: its owner closes it.
   */
  close(): Promise<void>;
}

export const DEFAULTS = {
  maxTrials: 100_000,
  maxRunSeconds: 600,
  maxConcurrentRuns: 2,
  maxBodyBytes: 2 * 1024 * 1024,
  maxConcurrentValidations: 4,
  validateTimeoutSeconds: 30,
  maxEventStreams: 256,
  maxEventStreamsPerRun: 32,
  maxWhatIfSessions: 8,
  whatIfIdleSeconds: 900,
  whatIfTimeoutSeconds: 120,
} as const;

const VERSION = readVersion();
const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../web", import.meta.url));

export function createApp(options: AppOptions): WaferlineApp {
  const { store } = options;
  const maxTrials = options.maxTrials ?? DEFAULTS.maxTrials;
  const maxRunSeconds = options.maxRunSeconds ?? DEFAULTS.maxRunSeconds;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const runs = new RunManager({
    store,
    maxConcurrent: options.maxConcurrentRuns ?? DEFAULTS.maxConcurrentRuns,
    maxRunMs: maxRunSeconds * 1000,
    threads: options.threads,
    execute: options.execute,
  });
  const maxConcurrentValidations = options.maxConcurrentValidations ?? DEFAULTS.maxConcurrentValidations;
  const validator = new Validator({ maxConcurrent: maxConcurrentValidations, timeoutMs: (options.validateTimeoutSeconds ?? DEFAULTS.validateTimeoutSeconds) * 1000 });
  const streams = new StreamGate(options.maxEventStreams ?? DEFAULTS.maxEventStreams, options.maxEventStreamsPerRun ?? DEFAULTS.maxEventStreamsPerRun);
  const keepAliveMs = (options.eventKeepAliveSeconds ?? 15) * 1000;
  const whatIf = new WhatIfPool({
    maxSessions: options.maxWhatIfSessions ?? DEFAULTS.maxWhatIfSessions,
    idleMs: (options.whatIfIdleSeconds ?? DEFAULTS.whatIfIdleSeconds) * 1000,
    timeoutMs: (options.whatIfTimeoutSeconds ?? DEFAULTS.whatIfTimeoutSeconds) * 1000,
  });
  const limits: Limits = {
    maxTrials,
    maxRunSeconds,
    maxBodyBytes,
    maxConcurrentRuns: options.maxConcurrentRuns ?? DEFAULTS.maxConcurrentRuns,
    maxConcurrentValidations,
    maxEventStreams: streams.maxTotal,
    maxEventStreamsPerRun: streams.maxPerRun,
    maxWhatIfSessions: options.maxWhatIfSessions ?? DEFAULTS.maxWhatIfSessions,
  };
  const ctx: ServerContext = { store, runs, validator, whatIf, limits };
  // How long the event loop was late, as /api/health reports it: the measure of "the server never freezes".
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const app = new OpenAPIHono({
    // Request validation failures become 400 problems listing each field.
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error.issues);
    },
  });

  app.onError((err) => {
    // A body too large is not read: the connection is closed after the answer, so it is not reused half-read.
    if (err instanceof ApiError) return problemResponse(err.toProblem(), err.status === 429 ? { "retry-after": "5" } : err.status === 413 ? { connection: "close" } : {});
    if (err instanceof StoreError) {
      const status = err.code === "not_found" ? 404 : 409;
      return problemResponse({ type: `urn:waferline:problem:${err.code.replace("_", "-")}`, title: status === 404 ? "Not found" : "Conflict", status, detail: err.message });
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      return problemResponse({ type: "about:blank", title: statusTitle(status), status, detail: err.message || statusTitle(status) });
    }
    const detail = err instanceof Error ? err.message : String(err);
    return problemResponse({ type: "urn:waferline:problem:internal", title: "Internal error", status: 500, detail: detail.slice(0, 500) });
  });

  // Guards for every /api request: host, origin, token, body size.
  app.use("/api/*", async (c, next) => {
    // node-server builds the URL from the Host header, so the URL's host is the one the client named.
    const host = new URL(c.req.url).host;
    if (options.loopbackHostsOnly && !isLoopbackName(hostOf(host))) {
      throw new ApiError(403, "forbidden-host", "Forbidden", "this server answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1])");
    }
    const origin = c.req.header("origin");
    if (origin && c.req.method !== "GET" && c.req.method !== "HEAD" && !sameHost(origin, host)) {
      throw new ApiError(403, "cross-origin", "Forbidden", "requests that change state must come from the dashboard's own origin");
    }
    if (options.token !== undefined && !bearerMatches(c.req.header("authorization"), options.token)) {
      return problemResponse({ type: "urn:waferline:problem:unauthorized", title: "Unauthorized", status: 401, detail: "send `Authorization: Bearer <WAFERLINE_TOKEN>`" }, { "www-authenticate": 'Bearer realm="waferline"' });
    }
    await next();
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => problemResponse({ type: "urn:waferline:problem:body-too-large", title: "Content too large", status: 413, detail: `the request body is larger than ${maxBodyBytes} bytes` }, { connection: "close" }),
    }),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "required when the server was started with WAFERLINE_TOKEN" });

  const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
  const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/health",
      summary: "Liveness, version and limits",
      responses: {
        200: json(
          z.object({
            status: z.literal("ok"),
            version: z.string(),
            defaultScenario: z.string(),
            runsInProgress: z.number().int(),
            validationsInProgress: z.number().int(),
            whatIfInProgress: z.number().int(),
            eventStreams: z.number().int(),
            eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).openapi({ description: "how late the event loop ran since the server started (sampled every 10 ms)" }),
            limits: z.object({ maxTrials: z.number(), maxRunSeconds: z.number(), maxBodyBytes: z.number(), maxConcurrentRuns: z.number(), maxConcurrentValidations: z.number(), maxEventStreams: z.number(), maxEventStreamsPerRun: z.number(), maxWhatIfSessions: z.number() }),
          }),
          "the server is up",
        ),
      },
    }),
    (c) =>
      c.json(
        {
          status: "ok" as const,
          version: VERSION,
          defaultScenario: DEFAULT_SCENARIO,
          runsInProgress: runs.running,
          validationsInProgress: validator.busy,
          whatIfInProgress: whatIf.busy,
          eventStreams: streams.open,
          eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
          limits,
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/scenarios",
      summary: "The built-in scenarios",
      responses: { 200: json(z.object({ default: z.string(), scenarios: z.array(ScenarioSummarySchema.extend({ problems: z.number().int() })) }), "built-in scenarios with a summary each") },
    }),
    (c) => {
      const scenarios = listBuiltins().map((name) => {
        try {
          const b = loadBuiltin(name);
          return { ...summarize(b.scenario), name, problems: 0 };
        } catch (err) {
          const n = err instanceof ApiError ? (err.extra.problems?.length ?? 1) : 1;
          return { name, title: name, question: "", start: "", periods: 0, bucket: "", sites: 0, resources: 0, operations: 0, lanes: 0, countries: [], problems: n };
        }
      });
      return c.json({ default: DEFAULT_SCENARIO, scenarios }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/scenarios/{name}",
      summary: "One built-in scenario: its text, summary and network",
      request: { params: ScenarioNameParam },
      responses: { 200: json(z.object({ name: z.string(), text: z.string(), summary: ScenarioSummarySchema, network: NetworkViewSchema }), "the scenario"), 404: problem("no such built-in scenario") },
    }),
    (c) => {
      const b = loadBuiltin(c.req.valid("param").name);
      return c.json({ name: b.name, text: b.text, summary: summarize(b.scenario), network: networkView(b.network) }, 200) as never;
    },
  );

  // The two routes whose bodies carry scenario texts: documented from their schemas like the others, but
  // their bodies are parsed and checked on the validator's threads (`bodyOffLoop`), so the event loop
  // never decodes, parses or validates a text of up to maxBodyBytes (a 2 MB body of "[" blocked it 1.5 s).
  const bodyProblems = { 413: problem("the body is too large"), 415: problem("the body is not application/json") };
  const validateRoute = createRoute({
    method: "post",
    path: "/api/validate",
    summary: "Validate a scenario sent inline (YAML or JSON)",
    description: "Always 200 for a well-formed request: `ok` says whether the scenario is valid; each problem has a line and column. A valid scenario comes back with its summary and network.",
    request: { body: { required: true, content: { "application/json": { schema: ValidateRequest } } } },
    responses: {
      200: json(ValidateResponse, "the scenario's problems (none when ok)"),
      400: problem("the request is malformed"),
      ...bodyProblems,
      422: problem("checking the scenario took too long"),
      429: problem("too many scenarios are being checked; retry after the `retry-after` seconds"),
    },
  });
  app.openAPIRegistry.registerPath(validateRoute);
  app.post(validateRoute.path, async (c) => {
    const outcome = await offLoopBody("validate", c);
    if (outcome.type !== "json") throw new ApiError(500, "internal", "Internal error", "unexpected outcome");
    return c.body(outcome.body as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json" });
  });

  const runRoute = createRoute({
    method: "post",
    path: "/api/runs",
    summary: "Start a run (plan, simulate, stress or all) in the background",
    request: { body: { required: true, content: { "application/json": { schema: runRequestSchema(maxTrials) } } } },
    responses: {
      202: json(z.object({ id: z.string(), status: z.literal("running"), links: z.object({ self: z.string(), events: z.string() }) }), "the run started; follow it at links.events"),
      400: problem("the request is malformed (e.g. trials above the cap)"),
      404: problem("no such built-in scenario"),
      ...bodyProblems,
      422: problem("the scenario is invalid; `problems` lists each with line and column"),
      429: problem("too many runs are going on, or too many scenarios are being checked; retry after the `retry-after` seconds"),
    },
  });
  app.openAPIRegistry.registerPath(runRoute);
  app.post(runRoute.path, async (c) => {
    const tooMany = () => new ApiError(429, "too-many-runs", "Too many runs", `${runs.running} runs are going on; try again when one ends`);
    const bytes = await jsonBody(ctx, c);
    if (runs.full) throw tooMany();
    const outcome = await offLoop(ctx, { route: "runs", body: bytes, maxTrials });
    if (outcome.type !== "request") throw new ApiError(500, "internal", "Internal error", "unexpected outcome");
    const body = outcome.request as unknown as RunBody;
    const texts = outcome.texts;
    const resolved = await resolveScenario(ctx, body, texts.text, body.events);
    const periods = resolved.periods;
    if (body.stressAt !== undefined && !periods.includes(body.stressAt)) {
      throw new ApiError(400, "invalid-request", "The request is invalid", `stressAt: '${body.stressAt}' is not a period of the scenario (${periods[0]} .. ${periods.at(-1)})`, {
        errors: [{ path: "stressAt", message: "not a period of the scenario" }],
      });
    }
    if (runs.full) throw tooMany(); // another run started while this scenario was being checked
    const kinds = expandKinds(body.kinds);
    const trials = body.trials ?? Math.min(DEFAULT_TRIALS, maxTrials);
    const events = resolved.events;
    const foresight = events.length > 0 && (body.foresight ?? resolved.foresight);
    const name = body.name ?? resolved.name;
    const id = runs.start(
      { file: resolved.file, text: resolved.text, name, seed: resolved.seed },
      { kinds, trials, seed: body.seed, stressAt: body.stressAt, events, foresight },
      {
        source: resolved.source,
        ...(resolved.variant ? { variant: resolved.variant.name } : {}),
        ...(body.stressAt ? { stressAt: body.stressAt } : {}),
        ...(events.length ? { events: events.map((e) => e.id), foresight } : {}),
      },
    );
    c.header("location", `/api/runs/${id}`);
    return c.json({ id, status: "running" as const, links: { self: `/api/runs/${id}`, events: `/api/runs/${id}/events` } }, 202);
  });

  /** A body handed to the validator's threads: a problem comes back as the error it is, anything else as the outcome. */
  async function offLoopBody(route: "validate", c: Context) {
    return offLoop(ctx, { route, body: await jsonBody(ctx, c), maxTrials });
  }

  registerVariantRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerCompareRoutes(app, ctx);
  registerWhatIfRoutes(app, ctx);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs",
      summary: "The run history, newest first",
      request: { query: ListRunsQuery },
      responses: { 200: json(z.object({ runs: z.array(RunSummarySchema) }), "runs"), 400: problem("bad query") },
    }),
    (c) => {
      const q = c.req.valid("query");
      const list = store.listRuns({ limit: q.limit, status: q.status, scenarioName: q.scenario });
      return c.json({ runs: list.map((r) => ({ ...r, progress: runs.progress(r.id) })) }, 200) as never;
    },
  );

  // Finished runs never change: their JSON is kept encoded (and gzipped on first demand), so reading one
  // is a lookup, not a parse, a stringify and an encode.
  const bodyCache = new Map<string, { raw: Uint8Array; gzip?: Uint8Array }>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs/{id}",
      summary: "One run with its results (id, a unique prefix, or `latest`)",
      request: { params: RunIdParam },
      responses: { 200: json(RunSchema, "the run"), 404: problem("no such run"), 409: problem("the prefix is ambiguous") },
    }),
    (c) => {
      const id = store.resolveRunId(c.req.valid("param").id);
      const etag = `"${id}"`;
      let cached = bodyCache.get(id);
      if (cached === undefined) {
        const run = store.getRun(id);
        if (!run) throw notFound(`no run with id '${id}'`);
        const body = JSON.stringify({ ...run, progress: runs.progress(id) });
        if (run.status === "running") return c.body(body, 200, { "content-type": "application/json", "cache-control": "no-store" }) as never;
        if (bodyCache.size >= 64) bodyCache.delete(bodyCache.keys().next().value as string);
        cached = { raw: new TextEncoder().encode(body) };
        bodyCache.set(id, cached);
      }
      if (c.req.header("if-none-match") === etag) return c.body(null, 304, { etag }) as never;
      const headers: Record<string, string> = { "content-type": "application/json", etag, "cache-control": "no-cache", vary: "accept-encoding" };
      if (cached.raw.length > 8192 && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
        cached.gzip ??= gzipSync(cached.raw);
        return c.body(cached.gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, "content-encoding": "gzip" }) as never;
      }
      return c.body(cached.raw as Uint8Array<ArrayBuffer>, 200, headers) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs/{id}/events",
      summary: "A run's progress as server-sent events",
      description:
        "Events `progress` ({stage, done, total}) while the run goes on, then one `end` ({status, error}); a finished run answers with its `end` at once. A comment line keeps an idle connection alive (every 15 s by default). Open streams are capped in all and per run (429 beyond).",
      request: { params: RunIdParam },
      responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, 404: problem("no such run"), 429: problem("too many event streams are open") },
    }),
    (c) => {
      const id = store.resolveRunId(c.req.valid("param").id);
      const release = streams.acquire(id);
      return streamSSE(c, async (stream) => {
        let ended = false;
        let wake: () => void = () => {};
        const stop = () => {
          ended = true;
          wake();
        };
        const unwatch = streams.watch(stop);
        // Writes are chained so that they keep their order and the last one lands before the stream closes.
        let writes: Promise<void> = Promise.resolve();
        const write = (f: () => Promise<unknown>) => {
          writes = writes.then(f).then(
            () => {},
            () => stop(), // the client has gone
          );
          return writes;
        };
        const send = (e: RunEvent) => write(() => stream.writeSSE({ event: e.type, data: JSON.stringify(e) }));
        try {
          const unsubscribe = runs.subscribe(id, (e) => {
            void send(e);
            if (e.type === "end") stop();
          });
          stream.onAbort(stop);
          if (unsubscribe) {
            const p = runs.progress(id);
            if (p) await send({ type: "progress", id, ...p });
          }
          // A run this server is not running (another process's, or finished) is followed through the
          // store: its status only, once a second (never the whole row with its scenario and results).
          let quiet = 0;
          while (!ended) {
            if (!unsubscribe) {
              const row = store.getRunStatus(id);
              if (!row) break; // deleted meanwhile
              if (row.status !== "running") {
                await send({ type: "end", id, status: row.status, error: row.error });
                break;
              }
            }
            const step = unsubscribe ? keepAliveMs : Math.min(1000, keepAliveMs);
            await new Promise<void>((r) => {
              wake = r;
              setTimeout(r, step);
            });
            quiet += step;
            if (!ended && quiet >= keepAliveMs) {
              quiet = 0;
              await write(() => stream.write(": keep-alive\n\n"));
            }
          }
          unsubscribe?.();
          await writes;
        } finally {
          unwatch();
          release();
        }
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/runs/{id}",
      summary: "Cancel a run going on",
      request: { params: RunIdParam },
      responses: { 200: json(RunSummarySchema, "the run, now cancelled"), 404: problem("no such run"), 409: problem("the run is not going on in this server") },
    }),
    (c) => {
      const id = store.resolveRunId(c.req.valid("param").id);
      if (!runs.stop(id, "cancelled", "cancelled by a client")) {
        const run = store.getRun(id);
        const state = run?.status === "running" ? "running in another process" : `already ${run?.status ?? "gone"}`;
        throw new ApiError(409, "not-cancellable", "Conflict", `run ${id} cannot be cancelled here: it is ${state}`);
      }
      const { scenarioText: _t, results: _r, ...summary } = store.getRun(id) ?? { scenarioText: "", results: {} };
      return c.json(summary as never, 200);
    },
  );

  // The document never changes while the server runs: built once, on first demand (building it walks
  // every schema, tens of milliseconds of the event loop that every request for it used to cost).
  let openapiBody: string | undefined;
  app.get("/api/openapi.json", (c) => {
    openapiBody ??= JSON.stringify(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: { title: "Waferline API", version: VERSION, description: "Plan, simulate and stress-test AI-infrastructure supply chains. Errors are RFC 9457 problem details." },
        security: options.token !== undefined ? [{ bearer: [] }] : [],
      }),
    );
    return c.body(openapiBody, 200, { "content-type": "application/json" });
  });

  // Unknown /api paths are problems too; everything else is the dashboard.
  app.all("/api/*", (c) => problemResponse({ type: "about:blank", title: "Not found", status: 404, detail: `no endpoint ${c.req.method} ${c.req.path}` }));
  const webRoot = resolve(options.webRoot ?? DEFAULT_WEB_ROOT);
  app.get("*", (c) => serveWeb(c, webRoot));

  return {
    app,
    runs,
    close: async () => {
      loopDelay.disable();
      streams.closeAll();
      await Promise.all([runs.close(), validator.close(), whatIf.close()]);
    },
  };
}

/** Caps on open event streams, in all and per run; and a way to end them all when the server stops. */
class StreamGate {
  private readonly perRun = new Map<string, number>();
  private readonly closers = new Set<() => void>();
  open = 0;

  constructor(
    readonly maxTotal: number,
    readonly maxPerRun: number,
  ) {}

  /** Counts one more stream on the run, or throws 429; the returned function releases it (once). */
  acquire(id: string): () => void {
    const n = this.perRun.get(id) ?? 0;
    if (this.open >= this.maxTotal) throw new ApiError(429, "too-many-streams", "Too many event streams", `${this.open} event streams are open, the most this server keeps; close one or poll GET /api/runs/${id}`);
    if (n >= this.maxPerRun) throw new ApiError(429, "too-many-streams", "Too many event streams", `${n} event streams follow run ${id} already, the most per run; poll GET /api/runs/${id} instead`);
    this.open++;
    this.perRun.set(id, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
      const left = (this.perRun.get(id) ?? 1) - 1;
      if (left > 0) this.perRun.set(id, left);
      else this.perRun.delete(id);
    };
  }

  watch(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  closeAll(): void {
    for (const close of [...this.closers]) close();
  }
}

/** Nanoseconds (a histogram's unit) to milliseconds, one decimal. */
const ms = (ns: number) => Math.round(ns / 1e5) / 10;

interface RunBody {
  scenario?: string;
  variant?: string;
  name?: string;
  events?: EventRef[];
  foresight?: boolean;
  kinds: string | string[];
  trials?: number;
  seed?: number;
  stressAt?: string;
}

function expandKinds(kinds: string | string[]): RunKind[] {
  const list = Array.isArray(kinds) ? kinds : [kinds];
  return list.includes("all") ? [...RUN_KINDS] : ([...new Set(list)] as RunKind[]);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function hostOf(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.split(":")[0];
}

export function isLoopbackName(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "[::1]" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function statusTitle(status: number): string {
  return ({ 400: "Bad request", 401: "Unauthorized", 404: "Not found", 405: "Method not allowed", 413: "Content too large", 415: "Unsupported media type" } as Record<number, string>)[status] ?? "Error";
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** The dashboard's files; any other path is the single-page app's index. Never outside webRoot. */
function serveWeb(c: Context, webRoot: string): Response {
  const index = join(webRoot, "index.html");
  if (!existsSync(index)) {
    return c.html("<!doctype html><title>Waferline</title><p>The dashboard is not built. Run <code>npm run build</code>, then reload. The API is at <a href=\"/api/health\">/api/health</a>.</p>", 503);
  }
  let rel = "";
  try {
    rel = decodeURIComponent(c.req.path);
  } catch {
    rel = "/";
  }
  const file = resolve(webRoot, `.${rel}`);
  const inside = file.startsWith(webRoot + sep);
  if (inside && extname(file) && existsSync(file) && statSync(file).isFile()) {
    const immutable = file.includes(`${sep}assets${sep}`);
    return c.body(readFileSync(file), 200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
  }
  if (extname(rel)) return c.text("not found", 404);
  return c.body(readFileSync(index), 200, { "content-type": TYPES[".html"], "cache-control": "no-cache" });
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

export type { ProblemDetails };
