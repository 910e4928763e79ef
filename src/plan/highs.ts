// A small adapter over the `highs` package (HiGHS in WebAssembly): one LP in CSC arrays in, one plain
// result out. A solver failure, including a WebAssembly abort (the runtime has a 2 GiB heap), comes
// back as `status: "error"`; after an abort the runtime is dropped and the next solve loads a fresh one.
// This file runs in-process; highs.node.ts runs the same solve in a worker thread.
import highsPackage, { type Highs, type InitOptions } from "highs";

// The package's types describe a CommonJS default export; its ESM build exports the loader itself.
type Loader = (options?: InitOptions) => Promise<Highs>;
const loadHighs = ((highsPackage as unknown as { default?: Loader }).default ?? highsPackage) as unknown as Loader;

export interface LpModel {
  sense: "min" | "max";
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSC: the entries of column j are indices/values[starts[j] .. starts[j+1]). */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** 1 for a column that must take whole values (a MIP); absent or all 0: an LP. */
  integrality?: Int32Array;
  /** Used by writeMps and messages only; never passed to HiGHS. */
  colNames?: string[];
  rowNames?: string[];
}

export type LpStatus = "optimal" | "infeasible" | "unbounded" | "time_limit" | "error";

export interface LpSolution {
  status: LpStatus;
  /** In the model's own sense (a max model reports its maximum). NaN unless optimal. */
  objectiveValue: number;
  colValue: Float64Array;
  rowValue: Float64Array;
  /** HiGHS's duals: d(objective)/d(row bound), in the model's sense. */
  rowDual: Float64Array;
  colDual: Float64Array;
  /** An irreducible infeasible subsystem: rows, and columns whose bounds take part. */
  iis?: { rows: number[]; cols: number[] };
  /** Columns along which the objective improves without limit (nonzeros of a primal ray). */
  rayCols?: number[];
  /** HiGHS's own timer, seconds. */
  solveSeconds: number;
  iterations: number;
  message?: string;
}

export interface LpOptions {
  timeLimitSeconds?: number;
  /** Compute an IIS when the model is infeasible (default true). */
  iis?: boolean;
  solver?: "choose" | "simplex" | "ipm";
}

// The HiGHS model status codes we act on (types.d.ts, ModelStatusCode).
const MS = { optimal: 7, infeasible: 8, unboundedOrInfeasible: 9, unbounded: 10, timeLimit: 13, iterationLimit: 14 } as const;

let runtime: Promise<Highs> | undefined;
let lastAbort = "";

/** A WebAssembly abort leaves the runtime unusable: drop it so that the next caller loads a fresh one. */
export function dropRuntime(): void {
  runtime = undefined;
}

/** The shared HiGHS runtime (loaded once; reloaded after an abort). For callers that keep a model open. */
export function getRuntime(): Promise<Highs> {
  if (!runtime) runtime = loadHighs({ print: () => {}, printErr: (s: string) => (lastAbort = s) });
  return runtime;
}

const empty = (n: number) => new Float64Array(n);

function failed(model: LpModel, message: string): LpSolution {
  return {
    status: "error",
    objectiveValue: Number.NaN,
    colValue: empty(model.numCols),
    rowValue: empty(model.numRows),
    rowDual: empty(model.numRows),
    colDual: empty(model.numCols),
    solveSeconds: 0,
    iterations: 0,
    message,
  };
}

/** Solve one LP in this thread. Never throws for a solver failure; returns status "error" instead. */
export async function solveLp(model: LpModel, options: LpOptions = {}): Promise<LpSolution> {
  const problem = checkModel(model);
  if (problem) return failed(model, problem);
  let highs: Highs;
  try {
    highs = await getRuntime();
  } catch (err) {
    runtime = undefined;
    return failed(model, `could not load HiGHS: ${short(err)}`);
  }
  try {
    return solveWith(highs, model, options);
  } catch (err) {
    // A RuntimeError means the WebAssembly instance aborted (out of memory, usually): never reuse it.
    if (isAbort(err)) {
      runtime = undefined;
      return failed(model, `HiGHS aborted (${lastAbort || short(err)}); the model may be too large for its 2 GiB heap`);
    }
    return failed(model, `HiGHS failed: ${short(err)}`);
  }
}

// WebAssembly.RuntimeError, told by name: the core's lib has no WebAssembly types.
const isAbort = (err: unknown) => err instanceof Error && err.name === "RuntimeError";

function short(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

function checkModel(m: LpModel): string | undefined {
  const { numCols: n, numRows: r } = m;
  if (m.colCost.length !== n || m.colLower.length !== n || m.colUpper.length !== n) return "column arrays do not match numCols";
  if (m.rowLower.length !== r || m.rowUpper.length !== r) return "row arrays do not match numRows";
  if (m.starts.length !== n + 1 || m.starts[n] !== m.indices.length || m.indices.length !== m.values.length) return "CSC arrays are inconsistent";
  return undefined;
}

/** A HiGHS model of an LpModel, for callers that keep it open and change bounds between solves. */
export function createHighsModel(highs: Highs, m: LpModel): ReturnType<Highs["createModel"]> {
  return highs.createModel({
    numCols: m.numCols,
    numRows: m.numRows,
    sense: m.sense === "max" ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: { format: "csc", numRows: m.numRows, numCols: m.numCols, starts: m.starts, indices: m.indices, values: m.values },
    ...(isMip(m) ? { integrality: m.integrality } : {}),
  });
}

/** Whether a model has integer columns. */
export function isMip(m: Pick<LpModel, "integrality">): boolean {
  return m.integrality?.some((v) => v !== 0) ?? false;
}

function solveWith(highs: Highs, m: LpModel, options: LpOptions): LpSolution {
  const model = createHighsModel(highs, m);
  try {
    model.options.set({ output_flag: false, solver: options.solver ?? "choose" });
    if (options.timeLimitSeconds !== undefined) model.options.set("time_limit", options.timeLimitSeconds);
    model.run();
    let code: number = model.getModelStatus();
    if (code === MS.unboundedOrInfeasible) {
      // Presolve could not tell which; without it the simplex can.
      model.options.set("presolve", "off");
      model.run();
      code = model.getModelStatus();
    }
    const solveSeconds = model.getRunTime();
    const iterations = Number(model.info.get("simplex_iteration_count"));
    const base = { solveSeconds, iterations };
    if (code === MS.optimal) {
      const s = model.getSolution();
      return {
        status: "optimal",
        objectiveValue: model.getObjectiveValue(),
        colValue: s.colValue,
        rowValue: s.rowValue,
        rowDual: s.rowDual,
        colDual: s.colDual,
        ...base,
      };
    }
    const out = failed(m, "");
    delete out.message;
    if (code === MS.infeasible) {
      out.status = "infeasible";
      if (options.iis !== false) out.iis = iis(highs, model);
    } else if (code === MS.unbounded) {
      out.status = "unbounded";
      const ray = safe(() => model.getPrimalRay());
      if (ray) out.rayCols = nonzeros(ray.values);
    } else if (code === MS.timeLimit || code === MS.iterationLimit) {
      out.status = "time_limit";
      out.message = code === MS.timeLimit ? "time limit reached" : "iteration limit reached";
    } else {
      out.message = `HiGHS ended with model status ${code}`;
    }
    return { ...out, ...base };
  } finally {
    model.dispose();
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (err) {
    if (isAbort(err)) throw err;
    return undefined;
  }
}

function nonzeros(values: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < values.length; k++) if (Math.abs(values[k]) > 1e-9) out.push(k);
  return out;
}

type PersistentModel = ReturnType<Highs["createModel"]>;

function iis(highs: Highs, model: PersistentModel): { rows: number[]; cols: number[] } | undefined {
  // 6 = from the LP, then made irreducible (row priority): every member is then "in conflict".
  return safe(() => {
    model.options.set("iis_strategy", 6);
    const r = model.getIis();
    const inConflict = highs.constants.iis.inConflict;
    const pick = (status: Int32Array, index: Int32Array) => {
      const sure = Array.from(index).filter((i) => status[i] === inConflict);
      return sure.length > 0 ? sure : Array.from(index);
    };
    return { rows: pick(r.rowStatus, r.rowIndex), cols: pick(r.colStatus, r.colIndex) };
  });
}

// ---------------------------------------------------------------------------------------------
// Free MPS, with OBJSENSE so that a reader gets the same optimum in the same sense.

const mpsName = (s: string) => s.replace(/\s+/g, "_");

/** The model as free-format MPS text. Names default to c<j> / r<i>. */
export function writeMps(m: LpModel, name = "waferline"): string {
  const col = (j: number) => mpsName(m.colNames?.[j] ?? `c${j}`);
  const row = (i: number) => mpsName(m.rowNames?.[i] ?? `r${i}`);
  const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(17).replace(/\.?0+(e|$)/, "$1"));
  const out: string[] = [`NAME ${mpsName(name)}`, "OBJSENSE", m.sense === "max" ? "    MAX" : "    MIN", "ROWS", " N obj"];
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i];
    const up = m.rowUpper[i];
    const type = lo === up ? "E" : lo > -Infinity ? "G" : up < Infinity ? "L" : "N";
    out.push(` ${type} ${row(i)}`);
  }
  out.push("COLUMNS");
  // Integer columns sit between MARKER lines (each run of them gets its own pair).
  const integer = (j: number) => j < m.numCols && (m.integrality?.[j] ?? 0) !== 0;
  let markers = 0;
  for (let j = 0; j < m.numCols; j++) {
    const c = col(j);
    if (integer(j) && !integer(j - 1)) out.push(` M${markers++} 'MARKER' 'INTORG'`);
    if (m.colCost[j] !== 0) out.push(` ${c} obj ${num(m.colCost[j])}`);
    for (let k = m.starts[j]; k < m.starts[j + 1]; k++) out.push(` ${c} ${row(m.indices[k])} ${num(m.values[k])}`);
    // A column that appears nowhere must still be declared.
    if (m.colCost[j] === 0 && m.starts[j] === m.starts[j + 1]) out.push(` ${c} obj 0`);
    if (integer(j) && !integer(j + 1)) out.push(` M${markers++} 'MARKER' 'INTEND'`);
  }
  out.push("RHS");
  const ranges: string[] = [];
  for (let i = 0; i < m.numRows; i++) {
    const lo = m.rowLower[i];
    const up = m.rowUpper[i];
    const rhs = lo > -Infinity ? lo : up < Infinity ? up : 0;
    if (rhs !== 0) out.push(` RHS ${row(i)} ${num(rhs)}`);
    if (lo > -Infinity && up < Infinity && lo !== up) ranges.push(` RNG ${row(i)} ${num(up - lo)}`);
  }
  if (ranges.length > 0) out.push("RANGES", ...ranges);
  out.push("BOUNDS");
  for (let j = 0; j < m.numCols; j++) {
    const c = col(j);
    const lo = m.colLower[j];
    const up = m.colUpper[j];
    if (lo === up) out.push(` FX BND ${c} ${num(lo)}`);
    else if (lo === -Infinity && up === Infinity) out.push(` FR BND ${c}`);
    else {
      if (lo === -Infinity) out.push(` MI BND ${c}`);
      else if (lo !== 0) out.push(` LO BND ${c} ${num(lo)}`);
      if (up !== Infinity) out.push(` UP BND ${c} ${num(up)}`);
      // Some readers bound a marked integer column to [0, 1] unless told otherwise.
      else if (integer(j)) out.push(` PL BND ${c}`);
    }
  }
  out.push("ENDATA", "");
  return out.join("\n");
}

/** Read MPS text back through HiGHS and solve it: the audit path for writeMps. */
export async function solveMps(text: string): Promise<{ status: LpStatus; objectiveValue: number; numCols: number; numRows: number }> {
  const highs = await getRuntime();
  const model = highs.createModel({ format: "mps", data: text });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const code: number = model.getModelStatus();
    const dims = model.getDimensions();
    const status: LpStatus = code === MS.optimal ? "optimal" : code === MS.infeasible ? "infeasible" : code === MS.unbounded ? "unbounded" : "error";
    return { status, objectiveValue: model.getObjectiveValue(), numCols: dims.numCols, numRows: dims.numRows };
  } finally {
    model.dispose();
  }
}
