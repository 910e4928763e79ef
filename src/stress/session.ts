// The stress test's scenarios are warm-started re-solves of one kept model: the planner's session.
export { type LpSession, openSession, type SessionBasis, type SessionSolve } from "../plan/session.js";
