// Known-answer checks of the kept session's method: interior point with crossover must give the
// simplex's vertex and duals, and leave a basis that warm re-solves start from.
import { describe, expect, it } from "vitest";
import type { LpModel } from "./highs.js";
import { IPM_MIN_ROWS, methodFor, openSession } from "./session.js";

const inf = Number.POSITIVE_INFINITY;

// max 3x + 2y, x + y <= 4, x + 3y <= 6: optimum (4, 0) = 12; only the first row binds, dual 3.
const small: LpModel = {
  sense: "max",
  numCols: 2,
  numRows: 2,
  colCost: Float64Array.from([3, 2]),
  colLower: Float64Array.from([0, 0]),
  colUpper: Float64Array.from([inf, inf]),
  rowLower: Float64Array.from([-inf, -inf]),
  rowUpper: Float64Array.from([4, 6]),
  starts: Int32Array.from([0, 2, 4]),
  indices: Int32Array.from([0, 1, 0, 1]),
  values: Float64Array.from([1, 1, 1, 3]),
};

describe("LP method", () => {
  it("is interior point only for large LPs, never for a MIP", () => {
    expect(methodFor(small)).toBe("simplex");
    const large = { ...small, numRows: IPM_MIN_ROWS };
    expect(methodFor(large)).toBe("ipm");
    expect(methodFor({ ...large, integrality: Int32Array.from([1, 0]) })).toBe("simplex");
  });

  it("ipm with crossover: the simplex's vertex and duals, then warm re-solves", async () => {
    const results = [];
    for (const method of ["simplex", "ipm"] as const) {
      const s = await openSession(small, { method });
      try {
        expect(s.method).toBe(method);
        const first = s.solve();
        const sol = s.solution();
        // One more unit of the first row: x = 5, 15.
        s.setRowBounds([0], [-inf], [5]);
        const again = s.solve();
        results.push({ first: first.objectiveValue, x: Array.from(sol.colValue), dual: Array.from(sol.rowDual), again: again.objectiveValue, status: again.status });
      } finally {
        s.dispose();
      }
    }
    for (const r of results) {
      expect(r.first).toBeCloseTo(12, 9);
      expect(r.x[0]).toBeCloseTo(4, 9);
      expect(r.x[1]).toBeCloseTo(0, 9);
      expect(r.dual[0]).toBeCloseTo(3, 9);
      expect(r.dual[1]).toBeCloseTo(0, 9);
      expect(r.status).toBe("optimal");
      expect(r.again).toBeCloseTo(15, 9);
    }
  });
});

describe("pinned restarts", () => {
  it("every solve restarts from the pinned basis, the current one or one given, with the same optima", async () => {
    const s = await openSession(small);
    try {
      expect(s.solve().objectiveValue).toBeCloseTo(12, 9);
      s.pinBasis();
      const at4 = s.basis();
      // x <= 1: y takes the rest of the first row's room, (1, 5/3) = 3 + 10/3.
      const old = s.setColBounds([0], [0], [1]);
      const capped = s.solve();
      expect(capped.status).toBe("optimal");
      expect(capped.objectiveValue).toBeCloseTo(3 + 10 / 3, 9);
      const atCapped = s.basis();
      s.setColBounds([0], old.lower, old.upper);
      // From the pinned (optimal) basis: no pivot.
      const back = s.solve();
      expect(back.objectiveValue).toBeCloseTo(12, 9);
      expect(back.iterations).toBe(0);
      // From a given basis, here the capped one: the same optimum after pivots.
      s.pinBasis(atCapped);
      const fromCapped = s.solve();
      expect(fromCapped.objectiveValue).toBeCloseTo(12, 9);
      expect(fromCapped.iterations).toBeGreaterThan(0);
      s.pinBasis(at4);
      expect(s.solve().iterations).toBe(0);
    } finally {
      s.dispose();
    }
  });
});
