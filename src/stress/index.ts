// The resilience stress test: TTS/TTR LPs (Simchi-Levi et al.), risk exposure index, mitigation what-ifs.
export { stress, stressPartial, explainScenario, type ScenarioDetail, finishStress, resolvePeriod, mitigationLabel, formatTts, disruptedCols, type StressOptions, type StressResult, type StressNode, type StressPartial, type DemandRate, type Mitigation, type MitigationResult } from "./stress.js";
export { disruptions, StressInputError, DEFAULT_TTR_PERIODS, type Disruption, type NodeKind, type Scope, type ScenarioOptions, type TtrSource } from "./scenarios.js";
export { snapshotAt, type Snapshot, type PlanView } from "./snapshot.js";
export { buildStressLp, buildRateLp, type StressLp, type StressLayout, type ExtraArc } from "./lp.js";
export { verifyTts, type TtsCertificate } from "./verify.js";
export { stressByDate, yearStarts, type DatedStress } from "./dates.js";
