// Request and response schemas: the same zod objects validate requests and produce /api/openapi.json,
// and the dashboard takes its types from them (z.infer, imported type-only). So this file imports
// nothing but zod and the scenario's own schema (pure): no Node API, nothing the browser's type-check
// cannot read.
import { z } from "@hono/zod-openapi";
import { eventSchema } from "../model/schema.js";

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

const builtinName = z.string().regex(SCENARIO_NAME, "a built-in scenario's name: lower-case letters, digits and dashes");
const variantName = z.string().regex(SCENARIO_NAME, "a variant's name: lower-case letters, digits and dashes, at most 80");
const inlineText = z.string().min(1);

/** An event of the scenario's library by name, or one given whole (checked against the scenario). */
export const EventRefSchema = z
  .union([z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "an event's id"), eventSchema])
  .openapi("EventRef", { description: "the name of an event in the scenario's `events:` library (GET /api/scenarios/{name}/events), or an event given whole (docs/events.md)" });
const eventFields = {
  events: z.array(EventRefSchema).max(20).optional().openapi({ description: "dated events to apply (docs/events.md)" }),
  foresight: z.boolean().optional().openapi({ description: "the events are known in advance (default: a surprise, re-planned from each event's start with the stock as it stands)" }),
};
const oneSource = (keys: string[]) => (b: Record<string, unknown>) => keys.filter((k) => b[k] !== undefined).length <= 1;

export function runRequestSchema(maxTrials: number) {
  const kind = z.enum(KINDS);
  return z
    .strictObject({
      scenario: builtinName.optional().openapi({ description: "a built-in scenario's name (GET /api/scenarios); default: the default scenario" }),
      text: inlineText.optional().openapi({ description: "a scenario inline, as YAML or JSON (instead of `scenario`)" }),
      variant: variantName.optional().openapi({ description: "a stored variant's name (GET /api/variants), instead of `scenario` or `text`; the run keeps its name" }),
      name: z.string().min(1).max(80).optional().openapi({ description: "the name the run is stored under (default: the variant's name, else the scenario's `name`)" }),
      ...eventFields,
      kinds: z
        .union([kind, z.array(kind).min(1).max(KINDS.length)])
        .default("all")
        .openapi({ description: "what to run: plan, simulate, stress, sensitivity (a tornado), invest (what it would take, for scenarios with expansion options) or all" }),
      trials: z.number().int().min(1).max(maxTrials).optional().openapi({ description: `Monte Carlo trials (1..${maxTrials})` }),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      stressAt: z.string().max(16).optional().openapi({ description: "the period at which the stress test takes stock, e.g. 2027-01" }),
    })
    .refine(oneSource(["scenario", "text", "variant"]), { message: "give one of `scenario` (a built-in name), `text` (inline) or `variant` (a stored variant)" })
    .openapi("RunRequest");
}

const CompareSideSchema = z
  .strictObject({
    scenario: builtinName.optional(),
    text: inlineText.optional(),
    variant: variantName.optional(),
    run: z.string().regex(RUN_ID, "a run id: letters, digits and dashes").optional().openapi({ description: "a stored run (id, unique prefix or `latest`): its scenario and KPIs" }),
    ...eventFields,
  })
  .refine((b) => [b.scenario, b.text, b.variant, b.run].filter((x) => x !== undefined).length === 1, { message: "give exactly one of `scenario`, `text`, `variant` or `run`" })
  .refine((b) => b.run === undefined || (b.events === undefined && b.foresight === undefined), { message: "events apply to a scenario, not to a stored run" })
  .openapi("CompareSide", { description: "a built-in scenario, a scenario text, a stored variant or a stored run; events apply to scenarios" });

export function compareRequestSchema(maxTrials: number) {
  return z
    .strictObject({
      a: CompareSideSchema,
      b: CompareSideSchema,
      trials: z.number().int().min(1).max(maxTrials).optional().openapi({ description: "Monte Carlo trials for each scenario side (default 2000, as `waferline compare`)" }),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional().openapi({ description: "one seed for both scenario sides (default: each scenario's)" }),
      inputsOnly: z.boolean().optional().openapi({ description: "only the input diff: nothing is run (fast)" }),
    })
    .openapi("CompareRequest");
}

export const InputChangeSchema = z
  .object({ path: z.string(), a: z.union([z.string(), z.number(), z.boolean()]).nullable(), b: z.union([z.string(), z.number(), z.boolean()]).nullable(), lineA: z.number().int().nullable(), lineB: z.number().int().nullable() })
  .openapi("InputChange", { description: "a changed, added or removed field; list entries matched by id" });

export const CompareResponse = z
  .object({
    a: z.object({ label: z.string(), file: z.string().nullable(), trials: z.number().int().nullable(), seed: z.number().int().nullable(), events: z.array(z.string()), foresight: z.boolean() }),
    b: z.object({ label: z.string(), file: z.string().nullable(), trials: z.number().int().nullable(), seed: z.number().int().nullable(), events: z.array(z.string()), foresight: z.boolean() }),
    inputs: z.array(InputChangeSchema),
    kpis: z.array(z.object({ key: z.string(), a: z.union([z.string(), z.number(), z.boolean()]).nullable(), b: z.union([z.string(), z.number(), z.boolean()]).nullable(), delta: z.number().nullable() })),
    warnings: z.array(z.string()).openapi({ description: "e.g. when the two differ in trial count or seed" }),
  })
  .openapi("Comparison", { description: "as `waferline compare --json`" });

export const EventSummarySchema = z
  .object({
    name: z.string(),
    kind: z.string(),
    start: z.string(),
    end: z.string().nullable(),
    periods: z.number().int().nullable(),
    description: z.string().nullable(),
    source: z.union([z.string(), z.array(z.string())]).nullable(),
    assumption: z.string().nullable(),
    inForce: z.boolean().openapi({ description: "named in the scenario's `whatIf.events`: every run of it applies the event" }),
  })
  .openapi("EventSummary");

export const EventsResponse = z
  .object({
    scenario: z.string(),
    events: z.array(EventSummarySchema),
    foresight: z.boolean().openapi({ description: "the scenario's `whatIf.foresight`: whether its events in force are known in advance unless a run says otherwise" }),
  })
  .openapi("Events", { description: "as `waferline events --json`" });

const footprintFields = {
  sitesDown: z
    .array(z.object({ site: z.string(), share: z.number().openapi({ description: "the capacity lost, averaged over the site's resources (1: down)" }) }))
    .openapi({ description: "sites whose resources lose capacity" }),
  sitesCutOff: z.array(z.string()).openapi({ description: "sites with lanes, every one of them closed: nothing in or out" }),
  lanesClosed: z.array(z.string()).openapi({ description: "lanes that carry nothing (every item closed)" }),
  lanesRestricted: z.array(z.object({ lane: z.string(), items: z.array(z.string()) })).openapi({ description: "lanes closed for some items only (an export ban): those items" }),
};

export const AppliedEventSchema = z
  .object({ id: z.string(), kind: z.string(), start: z.string(), end: z.string().openapi({ description: "inclusive" }), ...footprintFields })
  .openapi("AppliedEvent", { description: "an event applied, over its window, with what it does to sites and lanes there (read off the network it was applied to)" });

export const EventsInForceSchema = z
  .object({ from: z.string(), to: z.string().openapi({ description: "inclusive" }), events: z.array(z.string()), ...footprintFields })
  .openapi("EventsInForce", { description: "a stretch of periods with the same events in force, and what they do together" });

/** The events of a run or a what-if answer, and how the plan met them. */
export const RunEventsSchema = z
  .object({
    applied: z.array(AppliedEventSchema),
    inForce: z.array(EventsInForceSchema).openapi({ description: "the periods with any event in force, split where the events in force (or what they do) change; periods with none are left out" }),
    foresight: z.boolean(),
    replans: z.array(z.object({ from: z.string(), events: z.array(z.string()) })),
  })
  .openapi("RunEvents");

export const VariantNameParam = z.object({
  name: variantName.openapi({ param: { name: "name", in: "path" }, example: "more-houston" }),
});

export const VariantSummarySchema = z
  .object({
    name: z.string(),
    parent: z.object({ kind: z.enum(["builtin", "run", "variant", "text"]), ref: z.string().nullable() }).openapi({ description: "what it was branched from: a built-in's name, a run's id, a variant's name, or a text" }),
    hash: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("VariantSummary");

export const VariantSchema = VariantSummarySchema.extend({ text: z.string() }).openapi("Variant");

export const CreateVariantRequest = z
  .strictObject({
    name: variantName,
    text: inlineText.optional().openapi({ description: "the variant's scenario text" }),
    from: z
      .strictObject({ scenario: builtinName.optional(), run: z.string().regex(RUN_ID).optional(), variant: variantName.optional() })
      .refine((f) => [f.scenario, f.run, f.variant].filter((x) => x !== undefined).length === 1, { message: "give exactly one of `scenario`, `run` or `variant`" })
      .optional()
      .openapi({ description: "branch from a built-in scenario, a stored run's scenario or another variant (instead of `text`)" }),
  })
  .refine((b) => (b.text === undefined) !== (b.from === undefined), { message: "give `text` or `from`, one of them" })
  .openapi("CreateVariantRequest");

export const UpdateVariantRequest = z.strictObject({ text: inlineText }).openapi("UpdateVariantRequest");

export const ExportQuery = z.object({
  format: z.enum(["yaml", "xlsx"]).default("yaml").openapi({ param: { name: "format", in: "query" } }),
});

export const OpenWhatIfRequest = z
  .strictObject({
    scenario: builtinName.optional(),
    text: inlineText.optional(),
    variant: variantName.optional(),
    ...eventFields,
  })
  .refine(oneSource(["scenario", "text", "variant"]), { message: "give one of `scenario`, `text` or `variant` (default: the default scenario)" })
  .openapi("OpenWhatIfRequest");

export const CapacityEditSchema = z
  .strictObject({
    resource: z.string().min(1).max(100).openapi({ description: "a resource's id" }),
    from: z.string().max(16).openapi({ description: "the first period it applies to, e.g. 2027-01" }),
    to: z.string().max(16).optional().openapi({ description: "the last period it applies to (default: the horizon's end)" }),
    level: z.number().min(0).max(1e15).optional().openapi({ description: "the capacity per period, in the resource's unit (instead of `factor`)" }),
    factor: z.number().min(0).max(1000).optional().openapi({ description: "the capacity as planned times this (instead of `level`)" }),
  })
  .refine((e) => (e.level === undefined) !== (e.factor === undefined), { message: "give `level` or `factor`, one of them" })
  .openapi("CapacityEdit", { description: "a resource's capacity over a range of periods, set to a level or scaled" });

export const DemandEditSchema = z
  .strictObject({
    demand: z.string().min(1).max(100).openapi({ description: "a demand's id" }),
    from: z.string().max(16).openapi({ description: "the first period it applies to, e.g. 2027-01" }),
    to: z.string().max(16).optional().openapi({ description: "the last period it applies to (default: the horizon's end)" }),
    quantity: z.number().min(0).max(1e12).optional().openapi({ description: "the quantity per period, in the item's unit (instead of `factor`; also caps an unbounded demand)" }),
    factor: z.number().min(0).max(1000).optional().openapi({ description: "the quantity as planned times this (instead of `quantity`)" }),
  })
  .refine((e) => (e.quantity === undefined) !== (e.factor === undefined), { message: "give `quantity` or `factor`, one of them" })
  .openapi("DemandEdit", { description: "a demand's quantity over a range of periods, set or scaled" });

export const PriceEditSchema = z
  .strictObject({
    demand: z.string().min(1).max(100).openapi({ description: "a demand's id" }),
    priceUsd: z.number().min(0).max(1e12).optional().openapi({ description: "what one delivered unit is worth, USD (instead of `factor`)" }),
    factor: z.number().min(0).max(1000).optional().openapi({ description: "the price times this (instead of `priceUsd`)" }),
  })
  .refine((e) => (e.priceUsd === undefined) !== (e.factor === undefined), { message: "give `priceUsd` or `factor`, one of them" })
  .openapi("PriceEdit", { description: "a demand's price over the whole horizon (a scenario's price is one figure)" });

export const SolveWhatIfRequest = z
  .strictObject({
    text: inlineText.optional().openapi({ description: "the edited scenario, kept as the session's text from now on (default: the session's text); an edit of capacities, demand, prices, lanes or tariffs is re-solved warm" }),
    capacity: z.array(CapacityEditSchema).max(200).optional().openapi({ description: "capacity edits on top of the session's text, for this answer only (each request states its whole what-if); applied in order" }),
    demand: z.array(DemandEditSchema).max(200).optional().openapi({ description: "demand quantity edits, for this answer only; applied in order" }),
    price: z.array(PriceEditSchema).max(200).optional().openapi({ description: "price edits, for this answer only; applied in order. A price that is also what a target counts its goods at changes the LP's coefficients: solved cold" }),
    ...eventFields,
  })
  .openapi("SolveWhatIfRequest", { description: "a what-if: the edits and events in force; an empty body re-solves the session's text" });

export const WhatIfIdParam = z.object({
  id: z.string().regex(/^[a-f0-9]{8,32}$/, "a what-if session's id").openapi({ param: { name: "id", in: "path" } }),
});

const TargetSchema = z.object({
  id: z.string(),
  by: z.string(),
  measure: z.string(),
  countries: z.array(z.string()),
  valueUsd: z.number(),
  madeValueUsd: z.number(),
  met: z.boolean(),
  reconciliation: z.object({ deliveredValueUsd: z.number(), assembledValueUsd: z.number(), manufacturingContentUsd: z.number(), ownedMarginUsd: z.number() }),
});

export const WhatIfResponse = z
  .object({
    id: z.string(),
    scenario: z.string(),
    warm: z.boolean().openapi({ description: "re-solved from the kept model's bases after changing bounds and costs (false: solved cold, see coldReason)" }),
    coldReason: z.string().nullable(),
    changed: z.object({ rows: z.number().int(), cols: z.number().int(), costs: z.number().int() }),
    solves: z.number().int(),
    iterations: z.number().int(),
    timings: z.object({ loadMs: z.number(), solveMs: z.number(), totalMs: z.number() }).openapi({ description: "in the what-if thread: loading the text, solving, both with reading the answer" }),
    plan: z.object({
      status: z.string(),
      objective: z.string(),
      objectiveValue: z.number().nullable(),
      kpis: z.record(z.string(), z.unknown()),
      targets: z.array(TargetSchema),
      costRouted: z.object({ deliveredValueUsd: z.number(), targets: z.array(TargetSchema) }).nullable(),
      bottlenecks: z.array(z.object({ resource: z.string(), period: z.string(), shadowPriceUsd: z.number(), tenPercentEstimateUsd: z.number() })),
      notes: z.array(z.string()),
    }),
    edits: z.array(z.object({ resource: z.string(), from: z.string(), to: z.string(), periods: z.number().int() })).openapi({ description: "the capacity edits applied, with the periods each covered" }),
    demandEdits: z.array(z.object({ demand: z.string(), from: z.string(), to: z.string(), periods: z.number().int() })).openapi({ description: "the demand edits applied, with the periods each covered" }),
    priceEdits: z.array(z.object({ demand: z.string(), priceUsd: z.number() })).openapi({ description: "the price edits applied: each demand's price as it then stood" }),
    events: RunEventsSchema,
  })
  .openapi("WhatIf", { description: "the plan's KPIs after the edit (no limits re-solves: docs/planning.md)" });

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
    .object({ invest: InvestResultSchema.optional(), events: RunEventsSchema.optional() })
    .catchall(z.unknown())
    .openapi({ description: "result payloads by kind: plan (plan --json), simulate (simulate --json), stress (stress --json), sensitivity, invest (InvestResult), events (RunEvents, when events were applied)" }),
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
    demands: z.array(
      z.object({
        id: z.string(),
        item: z.string(),
        site: z.string(),
        priceUsd: z.number(),
        unbounded: z.boolean(),
        quantity: z.array(z.number()).nullable().openapi({ description: "per period, the quantity wanted; null when unbounded" }),
      }),
    ),
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
