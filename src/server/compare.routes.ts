// Comparisons: two sides, each a built-in scenario, a stored variant, a text or a stored run; scenarios
// are run here (with their events) on the runs' threads, under the runs' limits, and nothing is stored.
// The answer is compareSides' (src/run/compare-sides.ts), as `waferline compare --json` prints it.
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { InputChange } from "../run/compare.js";
import type { EventRef } from "../model/index.js";
import { type CompareSide, compareSides } from "../run/compare-sides.js";
import { bodyProblems, checkedBody, createRoute, json, offLoop, problem, resolveScenario, type ServerContext } from "./context.js";
import { notFound } from "./problem.js";
import { CompareQuery, CompareResponse, compareRequestSchema, InputChangeSchema, RunSummarySchema } from "./schemas.js";
import type { TextOutcome } from "./validate.js";

/** Trials per scenario side when the request gives none, as `waferline compare`. */
export const COMPARE_DEFAULT_TRIALS = 2000;

interface SideBody {
  scenario?: string;
  text?: string;
  variant?: string;
  run?: string;
  events?: EventRef[];
  foresight?: boolean;
}

interface CompareBody {
  a: SideBody;
  b: SideBody;
  trials?: number;
  seed?: number;
  inputsOnly?: boolean;
}

export function registerCompareRoutes(app: OpenAPIHono, ctx: ServerContext): void {
  const route = createRoute({
    method: "post",
    path: "/api/compare",
    summary: "Compare two scenarios, variants or stored runs: the input diff (with lines on both sides), the KPI diff (b − a) and warnings",
    description:
      "A scenario side is run (plan, simulate and stress) on a run's thread and counts against the runs' limit while it goes on; nothing is stored. `inputsOnly` skips the runs. A warning says when the two differ in trial count or seed.",
    request: { body: { required: true, content: { "application/json": { schema: compareRequestSchema(ctx.limits.maxTrials) } } } },
    responses: {
      200: json(CompareResponse, "the comparison"),
      400: problem("the request is malformed, or an event does not resolve"),
      404: problem("no such built-in scenario, variant or run"),
      ...bodyProblems,
      422: problem("a scenario text is invalid; each problem's path starts with its side (a or b)"),
      429: problem("too many runs are going on"),
      503: problem("a side's run took longer than the server's limit"),
    },
  });
  app.openAPIRegistry.registerPath(route);
  app.post(route.path, async (c) => {
    const { request, texts } = await checkedBody<CompareBody>(ctx, c, "compare");
    const a = await sideOf(request.a, texts.a, "a");
    const b = await sideOf(request.b, texts.b, "b");
    const cmp = await compareSides(a, b, {
      trials: request.trials ?? Math.min(COMPARE_DEFAULT_TRIALS, ctx.limits.maxTrials),
      seed: request.seed,
      inputsOnly: request.inputsOnly === true,
      signal: c.req.raw.signal,
      execute: (input, options) => ctx.runs.detached(input, options),
      diff: (x, y) => diffOffLoop(ctx, x, y),
    });
    return c.json(cmp, 200);
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs/compare",
      summary: "Two runs' KPIs side by side, with b − a; their input diff and warnings",
      request: { query: CompareQuery },
      responses: {
        200: json(
          z.object({
            a: RunSummarySchema,
            b: RunSummarySchema,
            kpis: z.array(z.object({ key: z.string(), a: z.unknown(), b: z.unknown(), delta: z.number().nullable(), relative: z.number().nullable() })),
            inputs: z.array(InputChangeSchema).openapi({ description: "what differs in the two runs' scenarios, with lines on both sides" }),
            warnings: z.array(z.string()).openapi({ description: "e.g. when the two differ in trial count or seed" }),
          }),
          "the comparison",
        ),
        400: problem("a or b missing or malformed"),
        404: problem("no such run"),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const ids = [ctx.store.resolveRunId(q.a), ctx.store.resolveRunId(q.b)] as const;
      const base = ctx.store.compareRuns(ids[0], ids[1]);
      const [a, b] = ids.map((id) => sideOf({ run: id }, undefined, "a"));
      const cmp = await compareSides(await a, await b, { trials: 0, execute: () => Promise.reject(new Error("nothing to run")), diff: (x, y) => diffOffLoop(ctx, x, y) });
      return c.json({ ...base, inputs: cmp.inputs, warnings: cmp.warnings } as never, 200);
    },
  );

  async function sideOf(side: SideBody, text: TextOutcome | undefined, key: "a" | "b"): Promise<CompareSide> {
    if (side.run !== undefined) {
      const id = ctx.store.resolveRunId(side.run);
      const run = ctx.store.getRun(id);
      if (!run) throw notFound(`${key}: no run with id '${side.run}'`);
      return { kind: "run", id: run.id, scenarioName: run.scenarioName, scenarioText: run.scenarioText, kpis: run.kpis, options: run.options };
    }
    const r = await resolveScenario(ctx, side, text, side.events, [key]);
    return { kind: "scenario", name: r.name, file: r.source === "inline" ? null : r.file, text: r.text, events: r.events, foresight: side.foresight ?? r.foresight };
  }
}

/** The input diff on the validator's threads: parsing two large YAML texts with positions takes the better part of a second. */
async function diffOffLoop(ctx: ServerContext, a: string, b: string): Promise<InputChange[]> {
  if (a === b) return [];
  const out = await offLoop(ctx, { route: "diff", a, b });
  if (out.type !== "json") throw new Error("unexpected outcome");
  return JSON.parse(new TextDecoder().decode(out.body)) as InputChange[];
}
