// Problems with a scenario are data: a code, a path into the scenario and a message.
// Only the edges format them (file:line:col in the CLI, a JSON problem in the API).

export type PathSegment = string | number;

export type ProblemCode =
  | "syntax"
  | "unknown_key"
  | "invalid_type"
  | "invalid_value"
  | "out_of_range"
  | "missing"
  | "duplicate_id"
  | "dangling_reference"
  | "bom_cycle"
  | "unproduced_demand"
  | "period_format"
  | "period_outside_horizon"
  | "ramp_overlap"
  | "ramp_reversed"
  | "inconsistent"
  /** The text or the scenario is larger than a hard limit (size, nesting, keys, entries, cells). */
  | "limit";

export interface Problem {
  code: ProblemCode;
  path: PathSegment[];
  message: string;
  /** 1-based position in the source text, where known. */
  line?: number;
  col?: number;
}

export function pathString(path: readonly PathSegment[]): string {
  return path.length === 0 ? "(root)" : path.join(".");
}

/** `FILE:LINE:COL: path.to.field: message`, the one format every edge prints. */
export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line ?? 1}:${p.col ?? 1}: ${pathString(p.path)}: ${p.message}`;
}

/** Closest candidate by edit distance, if close enough to be a likely typo. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  // The distance is quadratic in the words' lengths: a long word is no typo of a short id anyway.
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c.length > 64) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  // Optimal string alignment distance: an adjacent transposition counts as one edit.
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}
