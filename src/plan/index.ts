// The constrained planner: the LP on HiGHS, its result, bottlenecks, and an independent checker.
export { solveLp, writeMps, solveMps, type LpModel, type LpSolution, type LpStatus, type LpOptions } from "./highs.js";
export { buildLp, lpNames, describeRow, describeCol, type Objective, type LpLayout, type LpEntity, type BuiltLp } from "./lp.js";
export { plan, planMps, planToJson, bottlenecksByResource, type PlanOptions, type PlanResult, type PlanJson, type Bottleneck, type ResourceBottleneck, type Conflict } from "./plan.js";
export { checkPlan, type Violation } from "./check-plan.js";
export { mrp, type MrpResult } from "./mrp.js";
