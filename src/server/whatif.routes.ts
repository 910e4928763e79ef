// What-if sessions: a scenario's planning LP kept in HiGHS on the what-if thread (src/server/whatif.ts),
// and each what-if (capacity edits, an edited text, events) answered with the plan's KPIs from a warm
// re-solve. Sessions are bounded in number (the least recently used closes) and close when idle.
import { randomBytes } from "node:crypto";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { EventRef } from "../model/index.js";
import { bodyProblems, checkedBody, createRoute, encoded, json, jsonBody, problem, resolveScenario, type ServerContext } from "./context.js";
import { ApiError } from "./problem.js";
import { OpenWhatIfRequest, SolveWhatIfRequest, WhatIfIdParam, WhatIfResponse } from "./schemas.js";

interface OpenBody {
  scenario?: string;
  text?: string;
  variant?: string;
  events?: EventRef[];
  foresight?: boolean;
}

/** What-if requests waiting for the thread at once; more are refused with 429 (each may take seconds). */
const MAX_WAITING = 16;

export function registerWhatIfRoutes(app: OpenAPIHono, ctx: ServerContext): void {
  const busy = () => {
    if (ctx.whatIf.busy >= MAX_WAITING) throw new ApiError(429, "too-many-whatifs", "Too many what-ifs", `${ctx.whatIf.busy} what-if requests are waiting; try again in a moment`);
  };

  const open = createRoute({
    method: "post",
    path: "/api/whatif",
    summary: "Open a what-if session on a scenario or variant: its plan, solved once and kept",
    description: `The answer is the plan as opened (solved cold), with the session's \`id\`. At most ${ctx.limits.maxWhatIfSessions} sessions are kept: opening one more closes the least recently used; an idle session closes after a while.`,
    request: { body: { required: true, content: { "application/json": { schema: OpenWhatIfRequest } } } },
    responses: {
      201: json(WhatIfResponse, "the session, with its first plan"),
      400: problem("the request is malformed, or an event does not resolve"),
      404: problem("no such built-in scenario or variant"),
      ...bodyProblems,
      422: problem("the scenario is invalid"),
      429: problem("too many what-if requests are waiting"),
      503: problem("the what-if thread stopped or took too long"),
    },
  });
  app.openAPIRegistry.registerPath(open);
  app.post(open.path, async (c) => {
    const { request, texts } = await checkedBody<OpenBody>(ctx, c, "whatif-open");
    busy();
    const s = await resolveScenario(ctx, request, texts.text, request.events);
    const id = randomBytes(8).toString("hex");
    const body = await ctx.whatIf.request({ op: "open", id, text: s.text, name: s.name, events: request.events, foresight: request.foresight });
    c.header("location", `/api/whatif/${id}`);
    return encoded(c, body, 201);
  });

  const solve = createRoute({
    method: "post",
    path: "/api/whatif/{id}",
    summary: "A what-if on the session: capacity edits, an edited text and events, re-solved warm",
    description:
      "Each request states its whole what-if: `capacity` edits and `events` apply to the session's text for this answer only; a `text` replaces the session's text. An edit of capacities, demand, prices, lanes or tariffs changes only the kept model's bounds and costs and is re-solved from the last bases (`warm: true`); any other edit rebuilds the model (`coldReason` says why).",
    request: { params: WhatIfIdParam, body: { required: true, content: { "application/json": { schema: SolveWhatIfRequest } } } },
    responses: {
      200: json(WhatIfResponse, "the plan's KPIs with the what-if"),
      400: problem("the request is malformed, an edit names no resource or period, or an event does not resolve"),
      404: problem("no such session (closed, expired or evicted)"),
      ...bodyProblems,
      422: problem("the edited text is invalid"),
      429: problem("too many what-if requests are waiting"),
      503: problem("the what-if thread stopped or took too long"),
    },
  });
  app.openAPIRegistry.registerPath(solve);
  app.post("/api/whatif/:id", async (c) => {
    const { id } = parseId(c.req.param("id"));
    const bytes = await jsonBody(ctx, c);
    busy();
    // Parsed and checked on the what-if thread, next to the session.
    return encoded(c, await ctx.whatIf.request({ op: "solve", id, body: bytes }));
  });

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/whatif/{id}",
      summary: "Close a what-if session (frees its model)",
      request: { params: WhatIfIdParam },
      responses: { 200: json(z.object({ id: z.string(), closed: z.literal(true) }), "closed"), 404: problem("no such session"), 503: problem("the what-if thread stopped") },
    }),
    async (c) => encoded(c, await ctx.whatIf.request({ op: "close", id: c.req.valid("param").id })) as never,
  );
}

function parseId(id: string) {
  const r = WhatIfIdParam.safeParse({ id });
  if (!r.success) throw new ApiError(400, "invalid-request", "The request is invalid", "id: a what-if session's id", { errors: [{ path: "id", message: "a what-if session's id" }] });
  return r.data;
}
