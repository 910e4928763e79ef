// The scenario model: schema, loader with positioned problems, checks, and the normalized Network.
export { loadScenarioText, type LoadResult } from "./load.js";
export { normalize, capacityProfile, rampFraction, type Network, type CapacityEvent, type Outage, type UncertainParameterRef, type DisruptionRef } from "./normalize.js";
export { formatProblem, pathString, suggest, type Problem, type ProblemCode, type PathSegment } from "./problems.js";
export { scenarioSchema, scenarioJsonSchema, type Scenario, type Distribution } from "./schema.js";
export { LIMITS } from "./limits.js";
export { periodLabel, periodOrdinal, horizonLabels, type Bucket } from "./period.js";
