// The events a scenario's library holds (what `events: [NAME]` on a run, a comparison or a what-if can
// apply), as `waferline events --json` lists them: for a built-in, a stored variant, or a text sent inline.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { eventSummaries, foresightOf } from "../model/index.js";
import { bodyProblems, createRoute, encoded, json, jsonBody, offLoop, problem, type ServerContext } from "./context.js";
import { ApiError, notFound } from "./problem.js";
import { loadBuiltin } from "./scenarios.js";
import { EventsResponse, ScenarioNameParam, ValidateRequest, VariantNameParam } from "./schemas.js";

export function registerEventRoutes(app: OpenAPIHono, ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/scenarios/{name}/events",
      summary: "A built-in scenario's library of dated events",
      request: { params: ScenarioNameParam },
      responses: { 200: json(EventsResponse, "the events"), 404: problem("no such built-in scenario") },
    }),
    (c) => {
      const b = loadBuiltin(c.req.valid("param").name);
      return c.json({ scenario: b.scenario.name, events: eventSummaries(b.scenario), foresight: foresightOf(b.scenario, undefined) }, 200) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/variants/{name}/events",
      summary: "A stored variant's library of dated events",
      request: { params: VariantNameParam },
      responses: { 200: json(EventsResponse, "the events"), 404: problem("no such variant"), 422: problem("the variant's text does not load") },
    }),
    async (c) => {
      const { name } = c.req.valid("param");
      const v = ctx.store.getVariant(name);
      if (!v) throw notFound(`no variant named '${name}' (GET /api/variants lists them)`);
      const body = new TextEncoder().encode(JSON.stringify({ text: v.text }));
      const out = await offLoop(ctx, { route: "events", body, maxTrials: ctx.limits.maxTrials });
      if (out.type !== "json") throw new ApiError(500, "internal", "Internal error", "unexpected outcome");
      return encoded(c, out.body) as never;
    },
  );

  const inline = createRoute({
    method: "post",
    path: "/api/events",
    summary: "The library of dated events of a scenario sent inline (YAML or JSON)",
    request: { body: { required: true, content: { "application/json": { schema: ValidateRequest } } } },
    responses: { 200: json(EventsResponse, "the events"), 400: problem("the request is malformed"), ...bodyProblems, 422: problem("the scenario is invalid"), 429: problem("too many scenarios are being checked") },
  });
  app.openAPIRegistry.registerPath(inline);
  app.post(inline.path, async (c) => {
    const out = await offLoop(ctx, { route: "events", body: await jsonBody(ctx, c), maxTrials: ctx.limits.maxTrials });
    if (out.type !== "json") throw new ApiError(500, "internal", "Internal error", "unexpected outcome");
    return encoded(c, out.body);
  });
}
