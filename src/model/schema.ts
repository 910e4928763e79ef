// The scenario file's shape, as zod schemas. One schema gives validation, the TypeScript types and
// the JSON Schema that editors use for autocompletion (`waferline schema`).
// Cross-references, cycles and period ranges are checked afterwards, in check.ts.
import { z } from "zod";

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be an id: letters, digits, '.', '_' or '-'")
  .describe("Identifier, unique within its list");
const period = z.string().describe("A period label: YYYY-MM for monthly horizons, YYYY-Www for weekly ones");
// Numbers are bounded where the solver and the simulator need it. HiGHS treats 1e20 as infinite (a
// bound or cost at or above it) and refuses matrix entries of 1e15 or more; the LPs multiply a
// quantity, a price and a count of periods into costs, bounds and coefficients. A unit price,
// a quantity per period or a recipe quantity up to 1e12 keeps every such product far inside those
// limits, and is still a thousand times anything real (a rack is worth about 3e6 USD).
const MAX_FIGURE = 1e12;
const figureMessage = `must be at most 1e12 (${MAX_FIGURE.toLocaleString("en-US")}): the planner's solver cannot work with larger figures`;
const nonNegative = z.number().finite().nonnegative().max(MAX_FIGURE, figureMessage);
const positive = z.number().finite().positive().max(MAX_FIGURE, figureMessage);
/** A distribution's parameter: a multiplier, a number of periods or a yield, never near a million. */
const parameter = z.number().finite().min(-1e6, "must be at least -1e6").max(1e6, "must be at most 1e6");
const fraction = z.number().finite().gt(0, "must be in (0, 1]").lte(1, "must be in (0, 1]");
/** The longest horizon: 20 years of weeks. Period counts are capped there too (they live in Int32Arrays). */
const MAX_PERIODS = 1040;
const periods = z.number().int().nonnegative().max(MAX_PERIODS);

/** Every figure-bearing entry may cite sources (ids from `sources`) or state an assumption and why. */
const citation = {
  source: z.union([id, z.array(id).min(1)]).optional().describe("Id(s) of entries in `sources` backing this entry's figures"),
  assumption: z.string().min(1).optional().describe("Why a figure is assumed where no public source exists"),
  note: z.string().optional(),
};

export const distributionSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("triangular"), min: parameter, mode: parameter, max: parameter }),
    z.strictObject({ type: z.literal("uniform"), min: parameter, max: parameter }),
    z.strictObject({
      type: z.literal("normal"),
      mean: parameter,
      sd: parameter.nonnegative(),
      min: parameter.optional().describe("Truncation bound"),
      max: parameter.optional().describe("Truncation bound"),
    }),
    // sigma up to 5: e^(5 x 4 sd) is already 5e8; beyond, draws overflow to infinity.
    z.strictObject({ type: z.literal("lognormal"), median: parameter.positive(), sigma: z.number().finite().nonnegative().max(5, "must be at most 5"), max: parameter.positive().optional() }),
    z.strictObject({
      type: z.literal("discrete"),
      values: z.array(parameter).min(1),
      weights: z.array(nonNegative).min(1),
    }),
  ])
  .describe("A probability distribution");

export const sourceSchema = z.strictObject({
  id,
  title: z.string().min(1),
  url: z.string().optional(),
  date: z.string().optional(),
  confidence: z.enum(["high", "medium", "low"]).optional(),
});

export const siteSchema = z.strictObject({
  id,
  name: z.string().min(1),
  operator: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 country code such as US or TW"),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  role: z.string().optional().describe("What the site does, for display (fab, packaging, memory, assembly, customer...)"),
  recoveryPeriods: periods.optional().describe("Time to recover (TTR) after a disruption, in periods"),
  ...citation,
});

export const itemSchema = z.strictObject({
  id,
  name: z.string().min(1),
  unit: z.string().min(1),
  valueUsd: nonNegative.describe("Value of one unit, USD"),
  holdingCostUsd: nonNegative.default(0).describe("Cost of holding one unit for one period, USD"),
  ...citation,
});

const levelStep = z.strictObject({ from: period, level: nonNegative });
const rampSchema = z.strictObject({
  start: period,
  periods: z.number().int().positive().optional().describe("Length of the ramp in periods (or give `end`)"),
  end: period.optional().describe("Last period of the ramp, inclusive (or give `periods`)"),
  shape: z.enum(["linear", "s-curve"]).default("linear"),
  from: nonNegative,
  to: nonNegative,
  ...citation,
});
const outageSchema = z.strictObject({
  from: period,
  periods: z.number().int().positive(),
  fraction: fraction.default(1).describe("Share of capacity lost during the outage"),
  ...citation,
});

export const resourceSchema = z.strictObject({
  id,
  site: id,
  name: z.string().min(1),
  unit: z.string().min(1).describe("The unit capacity is counted in, e.g. wafers/month"),
  levels: z.array(levelStep).default([]).describe("Capacity steps: the level holds from `from` until the next step or ramp"),
  ramps: z.array(rampSchema).default([]).describe("Ramps: the level moves from `from` to `to` over `periods`"),
  outages: z.array(outageSchema).default([]),
  ...citation,
});

const learningYield = z.strictObject({
  start: fraction,
  mature: fraction,
  from: period.describe("Period in which learning begins (yield is `start` before it)"),
  periods: z.number().int().positive(),
});

export const operationSchema = z.strictObject({
  id,
  site: id,
  name: z.string().optional(),
  produces: z.strictObject({ item: id, qty: positive.default(1) }),
  consumes: z.array(z.strictObject({ item: id, qty: positive })).default([]),
  uses: z.array(z.strictObject({ resource: id, qty: positive })).default([]),
  leadTime: periods.default(0).describe("Periods from start to output"),
  yield: z.union([fraction, learningYield]).default(1),
  costUsd: nonNegative.default(0).describe("Cost per start, USD"),
  valueAddedUsd: nonNegative.default(0).describe("Value added per good unit out, USD (for the onshore share)"),
  ...citation,
});

export const laneSchema = z.strictObject({
  id,
  from: id,
  to: id,
  items: z.array(id).min(1),
  transit: periods.default(0),
  costUsd: nonNegative.default(0).describe("Cost per unit moved, USD"),
  capacity: nonNegative.optional().describe("Units per period over all items"),
  ...citation,
});

export const demandSchema = z
  .strictObject({
    id,
    site: id,
    item: id,
    priceUsd: nonNegative.describe("What one delivered unit is worth, USD"),
    unbounded: z.boolean().default(false).describe("Take every unit the network can deliver at `priceUsd`"),
    schedule: z
      .array(z.strictObject({ from: period, quantity: nonNegative }))
      .default([])
      .describe("Quantity per period: each step holds until the next"),
    priority: z.number().int().nonnegative().default(0).describe("Lower is served first by the greedy policy"),
    ...citation,
  });

export const targetSchema = z.strictObject({
  id,
  description: z.string().min(1),
  item: id,
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1).describe("Count output made at sites in these countries"),
  // A cumulative sum over the horizon, only ever a row bound (below HiGHS's infinity of 1e20).
  valueUsd: z.number().finite().positive().max(1e15, "must be at most 1e15").describe("Cumulative value of the item made there"),
  by: period,
  ...citation,
});

export const milestoneSchema = z.strictObject({
  id,
  description: z.string().min(1),
  item: id,
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  quantityPerPeriod: positive.describe("Milestone reached in the first period with at least this output"),
  due: period.optional().describe("When the milestone was promised"),
  ...citation,
});

export const tariffSchema = z.strictObject({
  id,
  origin: z.string().regex(/^[A-Z]{2}$/),
  destination: z.string().regex(/^[A-Z]{2}$/),
  items: z.array(id).min(1),
  rate: z.number().min(0).max(10).describe("Ad valorem rate on the item's value, e.g. 0.15"),
  from: period,
  ...citation,
});

export const exportControlSchema = z.strictObject({
  id,
  items: z.array(id).min(1),
  destination: z.string().regex(/^[A-Z]{2}$/),
  from: period,
  ...citation,
});

const uncertaintyTarget = z.union([
  z.strictObject({ resource: id }),
  z.strictObject({ operation: id }),
  z.strictObject({ lane: id }),
]);

export const uncertaintySchema = z.strictObject({
  id,
  on: uncertaintyTarget.describe("The resource, operation or lane this applies to"),
  parameter: z.enum(["capacity", "rampDelay", "yield", "leadTime"]).describe(
    "capacity: multiplier on capacity; rampDelay: periods added to ramp starts; yield: multiplier on yield; leadTime: periods added",
  ),
  distribution: distributionSchema,
  ...citation,
});

export const disruptionSchema = z.strictObject({
  id,
  site: id.optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  probabilityPerPeriod: z.number().min(0).max(1),
  durationPeriods: distributionSchema,
  ...citation,
});

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: id,
  title: z.string().min(1),
  description: z.string().optional(),
  question: z.string().optional().describe("The question this scenario answers, shown at the top of reports"),
  seed: z.number().int().nonnegative().default(1),
  horizon: z.strictObject({
    start: period,
    periods: z.number().int().positive().max(MAX_PERIODS),
    bucket: z.enum(["month", "week"]).default("month"),
  }),
  sources: z.array(sourceSchema).default([]),
  sites: z.array(siteSchema).min(1),
  items: z.array(itemSchema).min(1),
  resources: z.array(resourceSchema).default([]),
  operations: z.array(operationSchema).default([]),
  lanes: z.array(laneSchema).default([]),
  inventory: z
    .array(z.strictObject({ site: id, item: id, qty: nonNegative, ...citation }))
    .default([])
    .describe("Stock on hand at the start of the horizon"),
  demand: z.array(demandSchema).default([]),
  targets: z.array(targetSchema).default([]),
  milestones: z.array(milestoneSchema).default([]),
  policies: z
    .strictObject({
      onshore: z.array(z.string().regex(/^[A-Z]{2}$/)).default(["US"]).describe("Countries that count as onshore"),
      tariffs: z.array(tariffSchema).default([]),
      exportControls: z.array(exportControlSchema).default([]),
    })
    .default({ onshore: ["US"], tariffs: [], exportControls: [] }),
  uncertainty: z
    .strictObject({
      parameters: z.array(uncertaintySchema).default([]),
      disruptions: z.array(disruptionSchema).default([]),
    })
    .default({ parameters: [], disruptions: [] }),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Distribution = z.infer<typeof distributionSchema>;
export type Site = z.infer<typeof siteSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Resource = z.infer<typeof resourceSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type Lane = z.infer<typeof laneSchema>;
export type Demand = z.infer<typeof demandSchema>;
export type Target = z.infer<typeof targetSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;
export type UncertainParameter = z.infer<typeof uncertaintySchema>;
export type Disruption = z.infer<typeof disruptionSchema>;

/** The JSON Schema (draft 2020-12) of a scenario file, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "https://waferline.dev/schema/scenario.json", title: "Waferline scenario" };
}
