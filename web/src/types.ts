// The API's shapes, taken from their sources instead of copied: the server's zod schemas (the same
// objects that validate requests and write /api/openapi.json) and the engines' result types. Imports are
// type-only, so nothing of the server reaches the bundle; the files they name import no Node API
// (schemas.ts imports zod alone; the engines are the pure core), so this tsconfig stays browser-only.
// Generating types from openapi.json at build time would need a running server and a generator, and
// would still say `unknown` for the results, which the schemas leave to the engines.
import type { z } from "@hono/zod-openapi";
import type { SweepResult } from "../../src/cluster/sweep-result.js";
import type { InvestResult, PlanJson, TargetResult } from "../../src/plan/index.js";
import type {
  CapacityEditSchema,
  CompareResponse,
  DemandEditSchema,
  EventSummarySchema,
  NetworkViewSchema,
  PriceEditSchema,
  RunEventsSchema,
  RunSchema,
  RunSummarySchema,
  ScenarioProblemSchema,
  ScenarioSummarySchema,
  VariantSchema,
  VariantSummarySchema,
  WhatIfResponse,
} from "../../src/server/schemas.js";
import type { SimulationResult } from "../../src/sim/index.js";
import type { StressNode as EngineStressNode, StressResult } from "../../src/stress/index.js";

export type { InvestResult, PlanJson };
export type SensitivityJson = SweepResult;
export type RunSummary = z.infer<typeof RunSummarySchema>;
export type RunStatus = RunSummary["status"];
export type Progress = NonNullable<RunSummary["progress"]>;
export type ScenarioSummary = z.infer<typeof ScenarioSummarySchema>;
export type ScenarioProblem = z.infer<typeof ScenarioProblemSchema>;
export type NetworkView = z.infer<typeof NetworkViewSchema>;
export type WhatIf = z.infer<typeof WhatIfResponse>;
export type RunEvents = z.infer<typeof RunEventsSchema>;
export type CapacityEdit = z.infer<typeof CapacityEditSchema>;
export type DemandEdit = z.infer<typeof DemandEditSchema>;
export type PriceEdit = z.infer<typeof PriceEditSchema>;
export type EventSummary = z.infer<typeof EventSummarySchema>;
export type VariantSummary = z.infer<typeof VariantSummarySchema>;
export type Variant = z.infer<typeof VariantSchema>;
export type Comparison = z.infer<typeof CompareResponse>;

export type SimulationJson = SimulationResult;
/** JSON has no Infinity: a time to survive at least the cap arrives as null. */
export type StressNode = Omit<EngineStressNode, "ttsPeriods"> & { ttsPeriods: number | null };
export type StressJson = Omit<StressResult, "nodes"> & { nodes: StressNode[] };
/** One date's stress result (src/stress/dates.ts); `primary` is the date `stress` reports. */
export type DatedStressJson = StressJson & { primary: boolean };

/** A run's results by kind, as `run` stores them (storedResults in src/run/run.ts). */
export interface RunResults {
  plan?: PlanJson;
  simulate?: SimulationJson;
  stress?: StressJson;
  /** The stress test at each planned year's start as well as at its own date, in period order. */
  stressByDate?: DatedStressJson[];
  sensitivity?: SensitivityJson;
  /** The max-value plan's targets (cost-driven routing alone), beside the max-target plan's. */
  costRouted?: { targets: TargetResult[]; deliveredValueUsd: number };
  invest?: InvestResult;
  /** The events applied, with what they do to sites and lanes (when the run applied any). */
  events?: RunEvents;
}
export type Run = Omit<z.infer<typeof RunSchema>, "results"> & { results: RunResults };
