// The constrained planner: the LP on HiGHS, its result, bottlenecks, and an independent checker.
export { solveLp, writeMps, solveMps, isMip, type LpModel, type LpSolution, type LpStatus, type LpOptions } from "./highs.js";
export { buildLp, lpNames, describeRow, describeCol, type Objective, type LpLayout, type LpEntity, type BuiltLp } from "./lp.js";
export {
  plan,
  planMps,
  planToJson,
  defaultObjective,
  outputOf,
  targetResults,
  targetProgressOf,
  TARGET_TOLERANCE,
  type PlanOptions,
  type PlanResult,
  type PlanJson,
  type Bottleneck,
  type Conflict,
  type Limit,
  type Limits,
  type NotYetOpen,
  type Reconciliation,
  type TargetResult,
} from "./plan.js";
export { planWithEvents, stateAt, shiftNetwork, type EventPlanOptions, type EventPlanResult, type Replan } from "./replan.js";
export { openWhatIf, type WhatIf, type WhatIfOptions, type WhatIfResult, type WhatIfSolveOptions } from "./whatif.js";
export {
  invest,
  investMps,
  FRONTIER_SHARES,
  INVEST_TIE_BREAK,
  type InvestOptions,
  type InvestResult,
  type InvestStatus,
  type InvestMode,
  type Build,
  type FrontierPoint,
  type Blocker,
} from "./invest.js";
export { openSession, type LpSession, type SessionSolve, type SessionSolution, type SessionBasis } from "./session.js";
export { checkPlan, type Violation } from "./check-plan.js";
export { mrp, type MrpResult } from "./mrp.js";
