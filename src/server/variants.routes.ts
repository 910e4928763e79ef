// Scenario variants: named scenario texts kept in the run store (branched from a built-in, a stored run's
// scenario or another variant), listed, read, replaced (checked first), deleted and exported. A run
// started with `variant: NAME` is stored under the variant's name. Texts are checked on the validator's
// threads; an invalid one is a 422 whose problems each say where, as VARIANT.yaml:LINE:COL.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { VariantParent } from "../store/index.js";
import { bodyProblems, checkedBody, createRoute, json, offLoop, problem, type ServerContext } from "./context.js";
import { ApiError, invalidRequest, notFound } from "./problem.js";
import { loadBuiltin } from "./scenarios.js";
import { CreateVariantRequest, ExportQuery, UpdateVariantRequest, VariantNameParam, VariantSchema, VariantSummarySchema } from "./schemas.js";

interface CreateBody {
  name: string;
  text?: string;
  from?: { scenario?: string; run?: string; variant?: string };
}

export function registerVariantRoutes(app: OpenAPIHono, ctx: ServerContext): void {
  const { store } = ctx;

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/variants",
      summary: "The stored scenario variants, most recently changed first",
      responses: { 200: json(z.object({ variants: z.array(VariantSummarySchema) }), "variants (without their texts)") },
    }),
    (c) => c.json({ variants: store.listVariants() }, 200),
  );

  const createVariant = createRoute({
    method: "post",
    path: "/api/variants",
    summary: "Create a variant: a scenario text, or a branch of a built-in scenario, a stored run's scenario or another variant",
    request: { body: { required: true, content: { "application/json": { schema: CreateVariantRequest } } } },
    responses: {
      201: json(VariantSchema, "the variant, stored"),
      400: problem("the request is malformed"),
      404: problem("no such built-in scenario, run or variant to branch from"),
      409: problem("a variant of that name exists already"),
      ...bodyProblems,
      422: problem("the text is invalid; `problems` lists each with line and column, `detail` says VARIANT.yaml:LINE:COL"),
      429: problem("too many scenarios are being checked"),
    },
  });
  app.openAPIRegistry.registerPath(createVariant);
  app.post(createVariant.path, async (c) => {
    const { request, texts } = await locatedIn(checkedBody<CreateBody>(ctx, c, "variant-create"), () => "variant.yaml");
    let text: string;
    let parent: VariantParent;
    if (request.text !== undefined) {
      const t = texts.text;
      if (t && !t.ok) throw new ApiError(t.problem.status, t.problem.type.replace("urn:waferline:problem:", ""), t.problem.title, t.problem.detail, t.problem);
      text = request.text;
      parent = { kind: "text", ref: null };
    } else {
      const from = request.from ?? {};
      if (from.scenario !== undefined) {
        text = loadBuiltin(from.scenario).text;
        parent = { kind: "builtin", ref: from.scenario };
      } else if (from.run !== undefined) {
        const id = store.resolveRunId(from.run);
        const run = store.getRun(id);
        if (!run) throw notFound(`no run with id '${from.run}'`);
        text = run.scenarioText;
        parent = { kind: "run", ref: id };
      } else {
        const v = store.getVariant(from.variant ?? "");
        if (!v) throw notFound(`no variant named '${from.variant}' (GET /api/variants lists them)`);
        text = v.text;
        parent = { kind: "variant", ref: v.name };
      }
    }
    const v = store.createVariant({ name: request.name, text, parent });
    c.header("location", `/api/variants/${v.name}`);
    return c.json(v, 201);
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/variants/{name}",
      summary: "One variant with its scenario text",
      request: { params: VariantNameParam },
      responses: { 200: json(VariantSchema, "the variant"), 404: problem("no such variant") },
    }),
    (c) => c.json(variantOr404(c.req.valid("param").name), 200),
  );

  const updateVariant = createRoute({
    method: "put",
    path: "/api/variants/{name}",
    summary: "Replace a variant's text (checked first: an invalid text is refused and the stored one kept)",
    request: { params: VariantNameParam, body: { required: true, content: { "application/json": { schema: UpdateVariantRequest } } } },
    responses: {
      200: json(VariantSchema, "the variant, updated"),
      400: problem("the request is malformed"),
      404: problem("no such variant"),
      ...bodyProblems,
      422: problem("the text is invalid; `problems` lists each with line and column, `detail` says VARIANT.yaml:LINE:COL"),
      429: problem("too many scenarios are being checked"),
    },
  });
  app.openAPIRegistry.registerPath(updateVariant);
  app.put("/api/variants/:name", async (c) => {
    const param = VariantNameParam.safeParse({ name: c.req.param("name") });
    if (!param.success) throw invalidRequest(param.error.issues);
    const { name } = param.data;
    variantOr404(name);
    const { request } = await locatedIn(checkedBody<{ text: string }>(ctx, c, "variant-update"), () => `${name}.yaml`);
    return c.json(store.updateVariant(name, request.text), 200);
  });

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/variants/{name}",
      summary: "Delete a variant (runs started from it keep their copy of its text)",
      request: { params: VariantNameParam },
      responses: { 200: json(z.object({ name: z.string(), deleted: z.literal(true) }), "deleted"), 404: problem("no such variant") },
    }),
    (c) => {
      const { name } = c.req.valid("param");
      if (!store.deleteVariant(name)) throw notFound(`no variant named '${name}'`);
      return c.json({ name, deleted: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/variants/{name}/export",
      summary: "A variant as a file: YAML (default) or an Excel workbook",
      request: { params: VariantNameParam, query: ExportQuery },
      responses: {
        200: {
          description: "the file, as an attachment named after the variant",
          content: { "application/yaml": { schema: z.string() }, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) } },
        },
        404: problem("no such variant"),
        422: problem("the stored text does not load (a workbook needs a valid scenario)"),
      },
    }),
    async (c) => {
      const { name } = c.req.valid("param");
      const { format } = c.req.valid("query");
      const v = variantOr404(name);
      if (format === "yaml") return c.body(v.text, 200, { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${v.name}.yaml"` }) as never;
      const out = await offLoop(ctx, { route: "xlsx", text: v.text });
      if (out.type !== "file") throw new ApiError(500, "internal", "Internal error", "unexpected outcome");
      return c.body(out.body as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${v.name}.xlsx"`,
      }) as never;
    },
  );

  function variantOr404(name: string) {
    const v = store.getVariant(name);
    if (!v) throw notFound(`no variant named '${name}' (GET /api/variants lists them)`);
    return v;
  }
}

/** An invalid text's 422, with each problem located as FILE:LINE:COL (the detail leads with the first). */
async function locatedIn<T>(work: Promise<T>, file: () => string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 422 || !Array.isArray(err.extra.problems)) throw err;
    const f = typeof err.extra.file === "string" ? err.extra.file : file();
    const problems = err.extra.problems.map((p) => ({ ...p, file: f, at: `${f}:${p.line}:${p.col}` }));
    const first = problems[0];
    const detail = `${first.at}: ${first.path}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`;
    const { detail: _d, type: _t, title: _ti, status: _s, ...extra } = err.extra;
    throw new ApiError(422, err.slug, err.title, detail, { ...extra, file: f, problems });
  }
}
