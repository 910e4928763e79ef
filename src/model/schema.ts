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
    z
      .strictObject({
        type: z.literal("range"),
        low: parameter,
        central: parameter,
        high: parameter,
      })
      .describe("A sourced range: drawn as triangular(low, central, high); the tornado moves it to its low and high bounds"),
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
    from: period.optional().describe("First period with demand (e.g. a product generation's launch); none before"),
    until: period.optional().describe("Last period with demand (e.g. a product generation's end); none after"),
    ...citation,
  });

const country = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 country code such as US or TW");

export const MEASURES = ["assembledValue", "contentValue", "deliveredValue"] as const;
export type Measure = (typeof MEASURES)[number];

export const targetSchema = z.strictObject({
  id,
  description: z.string().min(1),
  measure: z
    .enum(MEASURES)
    .default("assembledValue")
    .describe(
      "assembledValue: value of the items whose last operation ran in `countries`; contentValue: value added in `countries` (margins booked to owners there included); deliveredValue: value delivered to demand in `countries`",
    ),
  item: id.optional().describe("The finished good counted (or give `items`)"),
  items: z.array(id).min(1).optional().describe("Finished goods counted, e.g. every rack generation"),
  countries: z.array(country).min(1).describe("Count what is made (or added, or delivered) in these countries"),
  // A cumulative sum over the horizon, only ever a row bound (below HiGHS's infinity of 1e20).
  valueUsd: z.number().finite().positive().max(1e15, "must be at most 1e15").describe("Cumulative value of the measure by `by`"),
  by: period,
  ...citation,
});

export const milestoneSchema = z.strictObject({
  id,
  description: z.string().min(1),
  item: id.optional().describe("The item counted (or give `items`)"),
  items: z.array(id).min(1).optional(),
  countries: z.array(country).min(1).optional().describe("Count output at sites in these countries (or give `sites`)"),
  sites: z.array(id).min(1).optional().describe("Count output at these sites only, e.g. the new plants a promise is about (or give `countries`)"),
  quantityPerPeriod: positive.describe("Milestone reached in the first period with at least this output"),
  due: period.optional().describe("When the milestone was promised"),
  ...citation,
});

export const marginSchema = z.strictObject({
  item: id.describe("The item whose value includes the margin"),
  owner: z.string().min(1).describe("Who earns it, e.g. NVIDIA"),
  country: country.describe("Where the owner books it: the margin counts as value added there"),
  usd: nonNegative.optional().describe("Margin per unit, USD (or give `share`)"),
  share: z.number().min(0).max(1).optional().describe("Margin as a share of the item's value (or give `usd`)"),
  ...citation,
});

export const commitmentSchema = z.strictObject({
  id,
  items: z.array(id).min(1).describe("The goods the commitment is about"),
  countries: z.array(country).min(1),
  minShare: z.number().min(0).max(1).describe("Least share of the goods' output, each period, made at sites in `countries`"),
  from: period,
  to: period.optional().describe("Last period the commitment holds (default: the horizon's end)"),
  ...citation,
});

export const tariffSchema = z.strictObject({
  id,
  origin: z.string().regex(/^[A-Z]{2}$/),
  destination: z.string().regex(/^[A-Z]{2}$/),
  items: z.array(id).min(1),
  rate: z.number().min(0).max(10).describe("Ad valorem rate on the item's value, e.g. 0.15"),
  from: period,
  until: period.optional().describe("Last period the tariff applies (default: the horizon's end)"),
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
  z.strictObject({ demand: id }),
]);

/** Where a bound of a range comes from: a source, or a stated reason for the width. */
const boundCitation = z
  .strictObject({
    source: z.union([id, z.array(id).min(1)]).optional(),
    reason: z.string().min(1).optional().describe("Why the bound is where it is, where no source gives it"),
    note: z.string().optional(),
  })
  .describe("The citation of one bound of a range: `source` and/or `reason`");

export const uncertaintySchema = z.strictObject({
  id,
  on: uncertaintyTarget.describe("The resource, operation, lane or demand this applies to"),
  parameter: z.enum(["capacity", "rampDelay", "yield", "leadTime", "usage", "price"]).describe(
    "capacity: multiplier on capacity (resources, lanes); rampDelay: periods added to ramp starts (resources); yield: multiplier on yield, usage: multiplier on resource use per start, leadTime: periods added (operations; leadTime also lanes); price: multiplier on the price (demand)",
  ),
  distribution: distributionSchema,
  low: boundCitation.optional().describe("For a range: where its low bound comes from"),
  high: boundCitation.optional().describe("For a range: where its high bound comes from"),
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

export const EVENT_KINDS = ["blockade", "outage", "laneClosure", "tariff", "exportBan", "demandShock"] as const;

/**
 * A dated event: an overlay on the network from `start` to `end` (or for `periods`). Not applied unless
 * asked for (`--event NAME|FILE`); a scenario's `events:` is its library. docs/events.md.
 */
export const eventSchema = z
  .strictObject({
    id,
    kind: z.enum(EVENT_KINDS).describe(
      "blockade: a country's sites down, every lane from or to it closed, its stock trapped; outage: a site, resource or country loses `fraction` of its capacity; laneClosure: a lane (or every lane between two countries) closed; tariff: an extra ad valorem rate; exportBan: items may not be shipped into `destination`; demandShock: a demand's quantity multiplied by `factor` or set to `quantity`",
    ),
    description: z.string().optional(),
    start: period,
    end: period.optional().describe("Last period of the event, inclusive (or give `periods`)"),
    periods: z.number().int().positive().optional(),
    durationPeriods: distributionSchema.optional().describe("Simulation only: each trial draws the event's length from this (the plan uses `end`/`periods`)"),
    country: country.optional(),
    site: id.optional(),
    resource: id.optional(),
    lane: id.optional(),
    from: country.optional().describe("laneClosure between countries: origin"),
    to: country.optional().describe("laneClosure between countries: destination"),
    fraction: fraction.optional().describe("outage: share of capacity lost (default 1)"),
    origin: country.optional().describe("tariff: origin country"),
    destination: country.optional().describe("tariff, exportBan: destination country"),
    items: z.array(id).min(1).optional(),
    rate: z.number().min(0).max(10).optional().describe("tariff: ad valorem rate, e.g. 0.25"),
    demand: id.optional().describe("demandShock: the demand"),
    factor: z.number().finite().nonnegative().max(1000).optional().describe("demandShock: multiplier on the quantity"),
    quantity: nonNegative.optional().describe("demandShock: quantity per period (also for unbounded demand)"),
    ...citation,
  })
  .describe("A dated event that can be applied to the scenario");
// ---------------------------------------------------------------------------------------------
// Expansion options (`waferline invest`): capacity that could be built, what it costs and how fast
// it comes. Checked in expansions.ts; normalized into Network.expansions.

const money = z
  .union([
    z.number().finite(),
    z
      .strictObject({ low: z.number().finite(), central: z.number().finite(), high: z.number().finite() })
      .describe("A sourced range: the plan uses `central`; the build plan's capital cost is also given at `low` and `high`"),
  ])
  .describe("USD: a figure, or a range { low, central, high } where no single public figure exists");

export const expansionSchema = z.strictObject({
  id,
  name: z.string().min(1).optional().describe("What the option is, for display, e.g. Amkor Peoria phase 2"),
  resource: id.describe("The resource whose capacity it adds to; with `newSite`, the resource of the `like` site that the new site's copy of it gets"),
  newSite: z
    .strictObject({
      id,
      name: z.string().min(1),
      operator: z.string().min(1),
      country: country.optional().describe("Default: the `like` site's country"),
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      like: id.describe("An existing site whose operations and lanes the new site copies, its resources at zero capacity"),
    })
    .optional()
    .describe("Build at a new site: a copy of an existing one (same recipes and lanes), with no capacity until built"),
  capexPerUnitUsd: money.default(0).describe("Capital cost per unit of capacity per period (per unit of the resource's unit, e.g. per CoWoS wafer/month), USD"),
  fixedCapexUsd: money.default(0).describe("Capital cost of each build whatever its size (site, shell, utilities), USD: makes the plan a MIP"),
  leadTime: periods.describe("Periods from the decision to first output"),
  ramp: z
    .strictObject({
      periods: periods.default(0).describe("Periods from first output to full capacity (0: full at once)"),
      shape: z.enum(["linear", "s-curve"]).default("linear"),
    })
    .default({ periods: 0, shape: "linear" })
    .describe("How built capacity comes up after first output, as a resource's ramp from 0 to the size built"),
  earliestDecision: period.optional().describe("First period in which the build can be decided (default: the horizon's start)"),
  latestDecision: period.optional().describe("Last period in which it can be decided (default: any period whose first output can still count)"),
  maxSize: positive.describe("Most capacity the option can add over all its builds, in the resource's unit per period"),
  moduleSize: positive.optional().describe("Capacity comes in whole modules of this size (e.g. a line of 1,000 CoWoS wafers/month): a MIP"),
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
  margins: z
    .array(marginSchema)
    .default([])
    .describe("Parts of an item's value booked as a margin to its owner: value added in the owner's country, not where the item is made"),
  commitments: z
    .array(commitmentSchema)
    .default([])
    .describe("Routing commitments a company has made, e.g. a least share of racks assembled in the US"),
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
  events: z.array(eventSchema).default([]).describe("A library of dated events for what-ifs; none applies unless asked for (or named in `whatIf.events`)"),
  whatIf: z
    .strictObject({
      events: z.array(id).default([]).describe("Events of the `events:` library that every run of this scenario applies, as if each were given with `--event NAME`"),
      foresight: z.boolean().default(false).describe("The events are known in advance (as `--foresight`), unless a run says otherwise"),
    })
    .optional()
    .describe("The what-if this scenario is: the library events in force in every run of it (a variant saved from the dashboard's What-if view)"),
  expansions: z.array(expansionSchema).default([]).describe("Capacity that could be built: options for `waferline invest`"),
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
export type Margin = z.infer<typeof marginSchema>;
export type ScenarioEvent = z.infer<typeof eventSchema>;
export type Commitment = z.infer<typeof commitmentSchema>;
export type UncertainParameter = z.infer<typeof uncertaintySchema>;
export type Disruption = z.infer<typeof disruptionSchema>;
export type Expansion = z.infer<typeof expansionSchema>;

/** The JSON Schema (draft 2020-12) of a scenario file, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "https://waferline.dev/schema/scenario.json", title: "Waferline scenario" };
}
