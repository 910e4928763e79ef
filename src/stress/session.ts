// One HiGHS model kept alive across many solves: a scenario changes a few column bounds, the solve
// restarts from a pinned basis (the undisrupted optimum: a few dual simplex pivots away from most
// scenarios; measured about half the iterations of chaining from the previous scenario), and the
// bounds go back. The runtime is the planner's shared one (src/plan/highs.ts).
import { createHighsModel, dropRuntime, getRuntime } from "../plan/highs.js";
import type { LpModel } from "../plan/index.js";

export type SessionStatus = "optimal" | "infeasible" | "unbounded" | "error";

export interface SessionSolve {
  status: SessionStatus;
  objectiveValue: number;
  iterations: number;
}

export interface LpSession {
  /** Change the bounds of some columns; returns the old bounds so that they can be put back. */
  setColBounds(cols: readonly number[], lower: readonly number[], upper: readonly number[]): { lower: number[]; upper: number[] };
  setRowBounds(rows: readonly number[], lower: readonly number[], upper: readonly number[]): void;
  solve(): SessionSolve;
  /** Remember the current basis (after a solve) as the start of every later solve. */
  pinBasis(): void;
  /** Primal column values of the last solve. */
  colValue(): Float64Array;
  /** Total simplex iterations so far. */
  iterations: number;
  dispose(): void;
}

// ModelStatusCode values (types.d.ts).
const OPTIMAL = 7;
const INFEASIBLE = 8;
const UNBOUNDED_OR_INFEASIBLE = 9;
const UNBOUNDED = 10;

export async function openSession(m: LpModel, options: { warmStart?: boolean } = {}): Promise<LpSession> {
  const highs = await getRuntime();
  const model = createHighsModel(highs, m);
  // Presolve would rebuild the reduced model on every re-solve, three times the cost of a warm start.
  model.options.set({ output_flag: false, presolve: "off" });
  const colLower = Float64Array.from(m.colLower);
  const colUpper = Float64Array.from(m.colUpper);
  const warm = options.warmStart !== false;
  let total = 0;
  let pinned: ReturnType<typeof model.getBasis> | undefined;
  return {
    setColBounds(cols, lower, upper) {
      const old = { lower: cols.map((j) => colLower[j]), upper: cols.map((j) => colUpper[j]) };
      cols.forEach((j, i) => {
        colLower[j] = lower[i];
        colUpper[j] = upper[i];
        model.changeColBounds(j, lower[i], upper[i]);
      });
      return old;
    },
    setRowBounds(rows, lower, upper) {
      rows.forEach((r, i) => model.changeRowBounds(r, lower[i], upper[i]));
    },
    solve() {
      if (!warm) model.clearSolver();
      else if (pinned) model.setBasis(pinned);
      try {
        model.run();
      } catch (err) {
        // A WebAssembly abort leaves the runtime unusable: drop it so that the next session loads afresh.
        if (err instanceof Error && err.name === "RuntimeError") dropRuntime();
        return { status: "error", objectiveValue: Number.NaN, iterations: 0 };
      }
      let code: number = model.getModelStatus();
      if (code === UNBOUNDED_OR_INFEASIBLE) {
        model.options.set("presolve", "off");
        model.run();
        code = model.getModelStatus();
        model.options.set("presolve", "off");
      }
      // HiGHS counts iterations per run.
      const iterations = Number(model.info.get("simplex_iteration_count"));
      total += iterations;
      const status: SessionStatus = code === OPTIMAL ? "optimal" : code === INFEASIBLE ? "infeasible" : code === UNBOUNDED ? "unbounded" : "error";
      return { status, objectiveValue: status === "optimal" ? model.getObjectiveValue() : Number.NaN, iterations };
    },
    pinBasis() {
      if (warm) pinned = model.getBasis();
    },
    colValue: () => model.getSolution().colValue,
    get iterations() {
      return total;
    },
    dispose: () => model.dispose(),
  };
}
