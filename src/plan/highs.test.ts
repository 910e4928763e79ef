import { describe, expect, it } from "vitest";
import { type LpModel, solveLp, solveMps, writeMps } from "./highs.js";

const inf = Number.POSITIVE_INFINITY;

/** Dense rows -> CSC. */
function lp(sense: "min" | "max", cost: number[], rows: number[][], rowLower: number[], rowUpper: number[], colLower?: number[], colUpper?: number[]): LpModel {
  const n = cost.length;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    rows.forEach((r, i) => {
      if (r[j] !== 0) {
        indices.push(i);
        values.push(r[j]);
      }
    });
    starts.push(indices.length);
  }
  return {
    sense,
    numCols: n,
    numRows: rows.length,
    colCost: Float64Array.from(cost),
    colLower: Float64Array.from(colLower ?? cost.map(() => 0)),
    colUpper: Float64Array.from(colUpper ?? cost.map(() => inf)),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
}

describe("solveLp", () => {
  it("solves a max LP and reports duals as d(objective)/d(bound)", async () => {
    // max 3x + 2y, x + y <= 4, x + 3y <= 6 (x, y >= 0). Vertices: (4,0) -> 12, (3,1) -> 11, (0,2) -> 4.
    // Optimum x=4, y=0, 12; only the first row binds; its dual is 3 (one more unit of it: x=5 -> 15).
    const s = await solveLp(lp("max", [3, 2], [[1, 1], [1, 3]], [-inf, -inf], [4, 6]));
    expect(s.status).toBe("optimal");
    expect(s.objectiveValue).toBeCloseTo(12);
    expect(Array.from(s.colValue)).toEqual([4, 0]);
    expect(s.rowDual[0]).toBeCloseTo(3);
    expect(s.rowDual[1]).toBeCloseTo(0);
  });

  it("gives a min LP's capacity row a negative dual", async () => {
    // min 5x + 1y, x + y >= 10 (demand), y <= 4 (capacity of the cheap source). y=4, x=6: 34.
    // One more unit of cheap capacity replaces a unit of x: the objective falls by 4, dual -4.
    const s = await solveLp(lp("min", [5, 1], [[1, 1], [0, 1]], [10, -inf], [inf, 4]));
    expect(s.status).toBe("optimal");
    expect(s.objectiveValue).toBeCloseTo(34);
    expect(s.rowDual[1]).toBeCloseTo(-4);
    expect(s.rowDual[0]).toBeCloseTo(5);
  });

  it("reports infeasible with an irreducible set", async () => {
    // x + y >= 5 and x + y <= 3 conflict; x - z <= 10 is not part of it.
    const s = await solveLp(lp("min", [1, 1, 1], [[1, 1, 0], [1, 1, 0], [1, 0, -1]], [5, -inf, -inf], [inf, 3, 10]));
    expect(s.status).toBe("infeasible");
    expect(s.iis?.rows.sort()).toEqual([0, 1]);
    expect(Number.isNaN(s.objectiveValue)).toBe(true);
  });

  it("reports unbounded with the culprit column", async () => {
    // max x + y with only y bounded: x grows without limit.
    const s = await solveLp(lp("max", [1, 1], [[0, 1]], [-inf], [2]));
    expect(s.status).toBe("unbounded");
    expect(s.rayCols).toContain(0);
    expect(s.rayCols).not.toContain(1);
  });

  it("returns an error result for a malformed model", async () => {
    const m = lp("min", [1], [[1]], [0], [1]);
    m.starts = Int32Array.from([0, 5]);
    const s = await solveLp(m);
    expect(s.status).toBe("error");
    expect(s.message).toMatch(/CSC/);
  });

  it("returns an error result when HiGHS rejects the model", async () => {
    const m = lp("min", [1], [[1]], [0], [1]);
    m.colCost[0] = Number.NaN;
    const s = await solveLp(m);
    expect(s.status).toBe("error");
    // ...and the next solve still works.
    expect((await solveLp(lp("max", [1], [[1]], [-inf], [7]))).objectiveValue).toBeCloseTo(7);
  });
});

describe("writeMps", () => {
  it("round-trips through HiGHS with the same sense and optimum", async () => {
    // Every bound and row type: E, G, L, ranged; FX, MI, LO, UP, FR columns.
    // max x + 2y - z + w, x + y = 4 (E), y - z >= -1 (G), x + w <= 9 (L), 1 <= x + y + w <= 20 (ranged)
    // x in [1, 3], y in (-inf, 2], z fixed at 0.5, w free, v free but unused.
    const m = lp(
      "max",
      [1, 2, -1, 1, 0],
      [
        [1, 1, 0, 0, 0],
        [0, 1, -1, 0, 0],
        [1, 0, 0, 1, 0],
        [1, 1, 0, 1, 0],
      ],
      [4, -1, -inf, 1],
      [4, inf, 9, 20],
      [1, -inf, 0.5, -inf, -inf],
      [3, 2, 0.5, inf, inf],
    );
    // y <= 2 and x + y = 4 -> x >= 2; objective x + 2y + w - 0.5 with w <= 9 - x and x + y + w <= 20.
    // w = 9 - x: x + 2y + 9 - x - 0.5 = 2y + 8.5 -> y = 2, x = 2, w = 7: x+y+w = 11 <= 20. Optimum 12.5.
    const direct = await solveLp(m);
    expect(direct.objectiveValue).toBeCloseTo(12.5);
    const text = writeMps({ ...m, colNames: ["x", "y", "z", "w", "v"], rowNames: ["e", "g", "l", "ranged row"] });
    expect(text).toContain("OBJSENSE");
    expect(text).toContain(" RNG ranged_row 19");
    const back = await solveMps(text);
    expect(back.status).toBe("optimal");
    expect(back.objectiveValue).toBeCloseTo(12.5);
    expect(back.numCols).toBe(5);
    expect(back.numRows).toBe(4);
  });
});
