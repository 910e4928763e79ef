// Request and response schemas: the same zod objects validate requests and produce /api/openapi.json,
// and the dashboard takes its types from them (z.infer, imported type-only). So this file imports
// nothing but zod: no Node API, nothing the browser's type-check cannot read.
import { z } from "@hono/zod-openapi";

export const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,79}$/;

export const RUN_ID = /^[A-Za-z0-9-]{1,64}$/;
export const KINDS = ["plan", "simulate", "stress", "sensitivity", "invest", "all"] as const;

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    path: z.string().optional(),
    line: z.number().int().optional(),
    col: z.number().int().optional(),
  })
  .passthrough()
  .openapi("Problem", { description: "RFC 9457 problem details (application/problem+json)" });

export const ScenarioProblemSchema = z
  .object({ code: z.string(), path: z.string(), message: z.string(), line: z.number().int(), col: z.number().int() })
  .openapi("ScenarioProblem");

export const ValidateRequest = z
  .strictObject({
    text: z.string().min(1).openapi({ description: "the scenario as YAML or JSON", example: "name: tutorial\n..." }),
  })
  .openapi("ValidateRequest");

export function runRequestSchema(maxTrials: number) {
  const kind = z.enum(KINDS);
  return z
    .strictObject({
      scenario: z.string().regex(SCENARIO_NAME, "a built-in scenario's name: lower-case letters, digits and dashes").optional().openapi({ description: "a built-in scenario's name (GET /api/scenarios); default: the default scenario" }),
      text: z.string().min(1).optional().openapi({ description: "a scenario inline, as YAML or JSON (instead of `scenario`)" }),
      kinds: z
        .union([kind, z.array(kind).min(1).max(KINDS.length)])
        .default("all")
        .openapi({ description: "what to run: plan, simulate, stress, sensitivity (a tornado), invest (what it would take, for scenarios with expansion options) or all" }),
      trials: z.number().int().min(1).max(maxTrials).optional().openapi({ description: `Monte Carlo trials (1..${maxTrials})` }),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      stressAt: z.string().max(16).optional().openapi({ description: "the period at which the stress test takes stock, e.g. 2027-01" }),
    })
    .refine((b) => !(b.scenario !== undefined && b.text !== undefined), { message: "give either `scenario` (a built-in name) or `text` (inline), not both" })
    .openapi("RunRequest");
}

export const RunIdParam = z.object({
  id: z.string().regex(RUN_ID, "a run id: letters, digits and dashes").openapi({ param: { name: "id", in: "path" }, example: "20260115-103045-12300-a1b2c3" }),
});

export const ScenarioNameParam = z.object({
  name: z.string().regex(SCENARIO_NAME, "a built-in scenario's name").openapi({ param: { name: "name", in: "path" }, example: "tutorial" }),
});

export const ListRunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ param: { name: "limit", in: "query" } }),
  status: z.enum(["running", "complete", "failed", "cancelled"]).optional().openapi({ param: { name: "status", in: "query" } }),
  scenario: z.string().max(80).optional().openapi({ param: { name: "scenario", in: "query" } }),
});

export const CompareQuery = z.object({
  a: z.string().regex(RUN_ID).openapi({ param: { name: "a", in: "query" } }),
  b: z.string().regex(RUN_ID).openapi({ param: { name: "b", in: "query" } }),
});

export const RunSummarySchema = z
  .object({
    id: z.string(),
    scenarioName: z.string(),
    scenarioHash: z.string(),
    status: z.enum(["running", "complete", "failed", "cancelled"]),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    durations: z.record(z.string(), z.number()).nullable(),
    kpis: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    progress: z.object({ stage: z.string(), done: z.number(), total: z.number() }).nullable().optional(),
  })
  .openapi("RunSummary");

const InvestBuildSchema = z
  .object({
    option: z.string(),
    name: z.string(),
    resource: z.string(),
    unit: z.string(),
    site: z.string(),
    country: z.string(),
    newSite: z.boolean(),
    decision: z.string().openapi({ description: "period of the decision" }),
    decideBy: z.string().nullable().openapi({ description: "the latest decision that still reaches the target, the other builds as planned" }),
    firstOutput: z.string(),
    fullOutput: z.string(),
    size: z.number().openapi({ description: "capacity built, in the resource's unit per period" }),
    modules: z.number().nullable(),
    capexUsd: z.number(),
    capexLowUsd: z.number(),
    capexHighUsd: z.number(),
  })
  .openapi("InvestBuild");

export const InvestResultSchema = z
  .object({
    status: z.enum(["optimal", "unreachable", "infeasible", "time_limit", "error"]),
    mode: z.enum(["min-capex", "max-target"]),
    objectiveValue: z.number().nullable().openapi({ description: "the optimum in the sense of the MPS that `invest --mps` writes" }),
    target: z.object({ id: z.string(), valueUsd: z.number(), by: z.string(), measure: z.string(), countries: z.array(z.string()) }),
    budgetUsd: z.number().nullable(),
    builds: z.array(InvestBuildSchema),
    capexUsd: z.number(),
    capexLowUsd: z.number(),
    capexHighUsd: z.number(),
    operatingCostUsd: z.number(),
    reachedValueUsd: z.number().nullable(),
    met: z.boolean(),
    maxReachableUsd: z.number().nullable(),
    baselineValueUsd: z.number().nullable(),
    mipGap: z.number().nullable(),
    mip: z.boolean(),
    frontier: z.array(
      z.object({
        share: z.number(),
        targetValueUsd: z.number(),
        status: z.string(),
        capexUsd: z.number().nullable(),
        objectiveValue: z.number().nullable(),
        marginalCapexPerBillionUsd: z.number().nullable(),
        mipGap: z.number().nullable(),
        builds: z.number().int(),
      }),
    ),
    blockedBy: z.array(z.object({ option: z.string().nullable(), kind: z.enum(["leadTime", "maxSize", "noOption"]), reason: z.string(), reachableFrom: z.string().nullable(), gainUsd: z.number() })),
    reachableFrom: z.string().nullable(),
    whenReachable: z.object({ by: z.string(), capexUsd: z.number(), builds: z.array(InvestBuildSchema) }).nullable(),
    notes: z.array(z.string()),
    solver: z.record(z.string(), z.number()),
  })
  .openapi("InvestResult", { description: "what it would take to reach the first target (`waferline invest --frontier --json`); docs/invest.md" });

export const RunSchema = RunSummarySchema.extend({
  scenarioText: z.string(),
  results: z
    .object({ invest: InvestResultSchema.optional() })
    .catchall(z.unknown())
    .openapi({ description: "result payloads by kind: plan (plan --json), simulate (simulate --json), stress (stress --json), sensitivity, invest (InvestResult)" }),
}).openapi("Run");

export const ScenarioSummarySchema = z
  .object({
    name: z.string(),
    title: z.string(),
    question: z.string(),
    start: z.string(),
    periods: z.number().int(),
    bucket: z.string(),
    sites: z.number().int(),
    resources: z.number().int(),
    operations: z.number().int(),
    lanes: z.number().int(),
    countries: z.array(z.string()),
  })
  .openapi("ScenarioSummary");

export const NetworkViewSchema = z
  .object({
    periods: z.array(z.string()),
    onshore: z.array(z.string()).openapi({ description: "countries counted as onshore" }),
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        operator: z.string(),
        country: z.string(),
        role: z.string().nullable(),
        lat: z.number(),
        lon: z.number(),
        onshore: z.boolean(),
        capacityValueUsd: z
          .array(z.number())
          .nullable()
          .openapi({ description: "per period, the value (USD) the site's capacity-limited operations could add at full capacity; null when no capacity limits the site" }),
      }),
    ),
    lanes: z.array(z.object({ id: z.string(), from: z.string(), to: z.string(), items: z.array(z.string()), transit: z.number(), capacity: z.number().nullable() })),
    resources: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string(), site: z.string(), capacity: z.array(z.number()) })),
    items: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string(), valueUsd: z.number() })),
    operations: z.array(z.object({ id: z.string(), name: z.string(), site: z.string(), produces: z.string(), consumes: z.array(z.string()), valueAddedUsd: z.number() })),
    demands: z.array(z.object({ id: z.string(), item: z.string(), site: z.string(), priceUsd: z.number() })),
    targets: z.array(z.object({ id: z.string(), description: z.string(), items: z.array(z.string()), measure: z.enum(["assembledValue", "contentValue", "deliveredValue"]), valueUsd: z.number(), by: z.string() })),
  })
  .openapi("NetworkView", { description: "the normalized network for display: sites, lanes, resources with capacity per period" });

export const ValidateResponse = z
  .object({
    ok: z.boolean(),
    problems: z.array(ScenarioProblemSchema),
    summary: ScenarioSummarySchema.optional(),
    network: NetworkViewSchema.optional(),
  })
  .openapi("ValidateResponse");
