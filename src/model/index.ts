// The scenario model: schema, loader with positioned problems, checks, and the normalized Network.
export { loadScenarioText, type LoadResult } from "./load.js";
export { normalize, capacityProfile, rampFraction, type Network, type CapacityEvent, type Outage, type UncertainParameterRef, type DisruptionRef, type OutputGoal, type MarginRef, type CommitmentRef } from "./normalize.js";
export { measureWeights, measureByPeriod, cumulativeBy, onshoreScope, worldScope, type MeasureKind, type MeasureWeights, type MeasureScope } from "./measures.js";
export { extendNetwork, longestLeadTime } from "./extend.js";
export { applyEvents, checkEvent, eventFootprints, eventSummaries, foresightOf, inForce, loadEventsText, resolveEvent, resolveEventRefs, type AppliedEvent, type AppliedEventJson, type EventFootprint, type EventRef, type EventsInForce, type EventSummary, type EventsLoad } from "./events.js";
export { withEdits, type AppliedEdits, type CapacityEdit, type DemandEdit, type EditProblem, type Edits, type PriceEdit } from "./edits.js";
export { withExpansionSites, copyId, type ExpansionRef } from "./expansions.js";
export { formatProblem, pathString, suggest, type Problem, type ProblemCode, type PathSegment } from "./problems.js";
export { scenarioSchema, scenarioJsonSchema, MEASURES, EVENT_KINDS, type Scenario, type ScenarioEvent, type Distribution, type Measure, type Expansion } from "./schema.js";
export { LIMITS } from "./limits.js";
export { periodLabel, periodOrdinal, horizonLabels, type Bucket } from "./period.js";
