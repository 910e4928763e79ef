// The run store: a history of runs and their results in SQLite (better-sqlite3), safe for several
// processes at once (WAL + busy timeout). A run is written as a `running` row at its start and becomes
// `complete` together with all its results in one transaction, so a reader never sees half a run.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { processAlive, processStart } from "./owner.js";
import { MIGRATIONS } from "./schema.js";
import { flattenKpis } from "./tables.js";

export type RunStatus = "running" | "complete" | "failed" | "cancelled";
export type Kpis = Record<string, unknown>;

export interface RunSummary {
  id: string;
  scenarioName: string;
  scenarioHash: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  options: Record<string, unknown>;
  durations: Record<string, number> | null;
  kpis: Kpis | null;
  error: string | null;
}

export interface Run extends RunSummary {
  scenarioText: string;
  /** Result payloads by kind (plan, simulate, stress...). Empty unless the run completed. */
  results: Record<string, unknown>;
}

export interface KpiComparison {
  key: string;
  a: unknown;
  b: unknown;
  /** b − a, when both are numbers. */
  delta: number | null;
  /** (b − a) / |a|, when both are numbers and a ≠ 0. */
  relative: number | null;
}

export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  kpis: KpiComparison[];
}

/** Where a variant was branched from: a built-in scenario, a stored run, another variant, or a text sent as such. */
export interface VariantParent {
  kind: "builtin" | "run" | "variant" | "text";
  /** The built-in's name, the run's id or the variant's name; null for a text. */
  ref: string | null;
}

export interface VariantSummary {
  name: string;
  parent: VariantParent;
  /** sha256 of the text. */
  hash: string;
  createdAt: string;
  updatedAt: string;
}

/** A named scenario text kept in the store (the dashboard's saved edits). */
export interface Variant extends VariantSummary {
  text: string;
}

/** `unusable`: the file cannot be opened as a run store (not SQLite, a folder, a newer schema...). `conflict`: a name already taken. */
export type StoreErrorCode = "not_found" | "not_running" | "ambiguous" | "unusable" | "conflict";

/** A call the store cannot honour: an unknown run, a finished run written to again, a file that is no store. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = "StoreError";
    this.code = code;
  }
}

export interface RunStore {
  readonly path: string;
  beginRun(run: { scenarioName: string; scenarioText: string; options?: Record<string, unknown> }): string;
  completeRun(id: string, done: { kpis: Kpis; durations?: Record<string, number>; results: Record<string, unknown> }): void;
  failRun(id: string, reason: string): void;
  cancelRun(id: string, reason?: string): void;
  /** Marks `running` rows whose process is gone as failed; returns their ids. Called by openStore. */
  recoverStale(): string[];
  listRuns(opts?: { limit?: number; status?: RunStatus; scenarioName?: string }): RunSummary[];
  getRun(id: string): Run | undefined;
  /** A run's status and error alone: what a follower polls (never the scenario text or the results). */
  getRunStatus(id: string): { status: RunStatus; error: string | null } | undefined;
  /** A full id, a unique prefix of one, or `latest`. */
  resolveRunId(ref: string): string;
  compareRuns(a: string, b: string): RunComparison;
  deleteRun(id: string): boolean;
  /** A new variant; a StoreError `conflict` when the name is taken. */
  createVariant(v: { name: string; text: string; parent: VariantParent }): Variant;
  /** Newest change first. */
  listVariants(): VariantSummary[];
  getVariant(name: string): Variant | undefined;
  /** Replaces a variant's text; a StoreError `not_found` when there is none of that name. */
  updateVariant(name: string, text: string): Variant;
  deleteVariant(name: string): boolean;
  close(): void;
}

export const DEFAULT_DB = ".waferline/waferline.db";

/** Opens (or creates) the run store; a file that cannot serve as one is a StoreError `unusable` naming it and why. */
export function openStore(path: string = process.env.WAFERLINE_DB ?? DEFAULT_DB): RunStore {
  let db: Database.Database | undefined;
  try {
    if (path !== ":memory:") {
      mkdirSync(dirname(path), { recursive: true });
      if (existsSync(path) && statSync(path).isDirectory()) throw new StoreError("unusable", "it is a folder");
    }
    db = new Database(path);
    // Before anything else: every later statement waits for other processes' locks instead of failing.
    db.pragma("busy_timeout = 10000");
    setWal(db);
    db.pragma("synchronous = NORMAL"); // with WAL: durable across a process crash, fast commits
    db.pragma("foreign_keys = ON");
    migrate(db);
    const store = new SqliteRunStore(db, path);
    store.recoverStale();
    return store;
  } catch (err) {
    db?.close();
    const env = process.env.WAFERLINE_DB === path ? " (set by WAFERLINE_DB)" : "";
    throw new StoreError("unusable", `cannot use ${path}${env} as the run store: ${unusableReason(err)}`);
  }
}

function unusableReason(err: unknown): string {
  if (err instanceof StoreError) return err.message;
  const e = err as { code?: string; message?: string };
  if (e.code === "SQLITE_NOTADB") return "it is not a SQLite database";
  if (e.code === "SQLITE_CORRUPT") return "the database is damaged";
  if (e.code === "SQLITE_CANTOPEN") return "the file cannot be opened";
  if (e.code === "SQLITE_READONLY") return "it is read-only";
  if (e.code === "SQLITE_FULL") return "the disk is full";
  if (e.code === "EACCES" || e.code === "SQLITE_PERM") return "permission denied";
  if (e.code === "ENOTDIR") return "a part of its path is not a folder";
  return (e.message ?? String(err)).slice(0, 300);
}

/** Switching to WAL takes a lock the busy handler does not always wait for: retry briefly. */
function setWal(db: Database.Database): void {
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (err) {
      if (attempt >= 50 || (err as { code?: string }).code !== "SQLITE_BUSY") throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.random() * 30);
    }
  }
}

function migrate(db: Database.Database): void {
  const version = () => db.pragma("user_version", { simple: true }) as number;
  // A newer Waferline's store: its tables may mean something this version does not know.
  if (version() > MIGRATIONS.length) throw new StoreError("unusable", `it was written by a newer Waferline (store schema ${version()}; this version knows up to ${MIGRATIONS.length}); upgrade Waferline or set WAFERLINE_DB to another file`);
  if (version() === MIGRATIONS.length) return;
  // IMMEDIATE: two processes opening a fresh file cannot both apply the same step.
  db.transaction(() => {
    for (let v = version(); v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

interface RunRow {
  id: string;
  scenario_name: string;
  scenario_hash: string;
  scenario_text?: string;
  options: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  durations: string | null;
  kpis: string | null;
  error: string | null;
}

const SUMMARY_COLUMNS = "id, scenario_name, scenario_hash, options, status, started_at, ended_at, durations, kpis, error";

class SqliteRunStore implements RunStore {
  private readonly host = hostname();
  private readonly owner = { pid: process.pid, start: processStart(process.pid) };

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  beginRun(run: { scenarioName: string; scenarioText: string; options?: Record<string, unknown> }): string {
    const id = newRunId();
    this.db
      .prepare(
        `INSERT INTO runs (id, scenario_name, scenario_hash, scenario_text, options, status, started_at, owner_host, owner_pid, owner_start)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(id, run.scenarioName, sha256(run.scenarioText), run.scenarioText, JSON.stringify(run.options ?? {}), new Date().toISOString(), this.host, this.owner.pid, this.owner.start);
    return id;
  }

  completeRun(id: string, done: { kpis: Kpis; durations?: Record<string, number>; results: Record<string, unknown> }): void {
    const insert = this.db.prepare("INSERT OR REPLACE INTO run_results (run_id, kind, payload) VALUES (?, ?, ?)");
    this.db
      .transaction(() => {
        this.finish(id, "complete", { kpis: JSON.stringify(done.kpis), durations: done.durations ? JSON.stringify(done.durations) : null, error: null });
        for (const [kind, payload] of Object.entries(done.results)) insert.run(id, kind, JSON.stringify(payload));
      })
      .immediate();
  }

  failRun(id: string, reason: string): void {
    this.db.transaction(() => this.finish(id, "failed", { error: reason })).immediate();
  }

  cancelRun(id: string, reason = "cancelled"): void {
    this.db.transaction(() => this.finish(id, "cancelled", { error: reason })).immediate();
  }

  /** Moves a running row to a final status; must run inside a transaction. */
  private finish(id: string, status: RunStatus, fields: { kpis?: string; durations?: string | null; error: string | null }): void {
    const row = this.db.prepare("SELECT status FROM runs WHERE id = ?").get(id) as { status: RunStatus } | undefined;
    if (!row) throw new StoreError("not_found", `no run with id '${id}'`);
    if (row.status !== "running") throw new StoreError("not_running", `run ${id} is already ${row.status}`);
    this.db
      .prepare("UPDATE runs SET status = ?, ended_at = ?, kpis = coalesce(?, kpis), durations = coalesce(?, durations), error = ? WHERE id = ?")
      .run(status, new Date().toISOString(), fields.kpis ?? null, fields.durations ?? null, fields.error, id);
  }

  recoverStale(): string[] {
    const rows = this.db.prepare("SELECT id, owner_pid, owner_start FROM runs WHERE status = 'running' AND owner_host = ?").all(this.host) as {
      id: string;
      owner_pid: number;
      owner_start: string | null;
    }[];
    const dead = rows.filter((r) => !processAlive(r.owner_pid, r.owner_start));
    if (dead.length === 0) return [];
    const mark = this.db.prepare("UPDATE runs SET status = 'failed', ended_at = ?, error = ? WHERE id = ? AND status = 'running'");
    const now = new Date().toISOString();
    return this.db
      .transaction(() => dead.filter((r) => mark.run(now, `process ${r.owner_pid} ended before the run completed`, r.id).changes === 1).map((r) => r.id))
      .immediate();
  }

  listRuns(opts: { limit?: number; status?: RunStatus; scenarioName?: string } = {}): RunSummary[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.status) {
      where.push("status = ?");
      args.push(opts.status);
    }
    if (opts.scenarioName) {
      where.push("scenario_name = ?");
      args.push(opts.scenarioName);
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, opts.limit ?? -1) as RunRow[]).map(toSummary);
  }

  getRun(id: string): Run | undefined {
    // One read transaction: the row and its results come from the same snapshot.
    return this.db.transaction(() => {
      const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, scenario_text FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
      if (!row) return undefined;
      const results: Record<string, unknown> = {};
      for (const r of this.db.prepare("SELECT kind, payload FROM run_results WHERE run_id = ? ORDER BY rowid").all(id) as { kind: string; payload: string }[]) {
        results[r.kind] = JSON.parse(r.payload);
      }
      return { ...toSummary(row), scenarioText: row.scenario_text ?? "", results };
    })();
  }

  getRunStatus(id: string): { status: RunStatus; error: string | null } | undefined {
    return this.db.prepare("SELECT status, error FROM runs WHERE id = ?").get(id) as { status: RunStatus; error: string | null } | undefined;
  }

  resolveRunId(ref: string): string {
    if (ref === "latest") {
      const row = this.db.prepare("SELECT id FROM runs ORDER BY id DESC LIMIT 1").get() as { id: string } | undefined;
      if (!row) throw new StoreError("not_found", "there are no runs yet");
      return row.id;
    }
    const exact = this.db.prepare("SELECT id FROM runs WHERE id = ?").get(ref) as { id: string } | undefined;
    if (exact) return exact.id;
    const escaped = ref.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = this.db.prepare("SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6").all(`${escaped}%`) as { id: string }[];
    if (rows.length === 1) return rows[0].id;
    if (rows.length === 0) throw new StoreError("not_found", `no run with id '${ref}'`);
    throw new StoreError("ambiguous", `run id '${ref}' is ambiguous: ${rows.map((r) => r.id).slice(0, 5).join(", ")}${rows.length > 5 ? ", ..." : ""}`);
  }

  compareRuns(a: string, b: string): RunComparison {
    const ra = this.summary(a);
    const rb = this.summary(b);
    const fa = flattenKpis(ra.kpis ?? {});
    const fb = flattenKpis(rb.kpis ?? {});
    const keys = [...new Set([...fa.keys(), ...fb.keys()])];
    return { a: ra, b: rb, kpis: keys.map((key) => compareValue(key, fa.get(key), fb.get(key))) };
  }

  private summary(id: string): RunSummary {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    if (!row) throw new StoreError("not_found", `no run with id '${id}'`);
    return toSummary(row);
  }

  deleteRun(id: string): boolean {
    return this.db
      .transaction(() => {
        this.db.prepare("DELETE FROM run_results WHERE run_id = ?").run(id);
        return this.db.prepare("DELETE FROM runs WHERE id = ?").run(id).changes === 1;
      })
      .immediate();
  }

  createVariant(v: { name: string; text: string; parent: VariantParent }): Variant {
    const now = new Date().toISOString();
    try {
      this.db.prepare("INSERT INTO variants (name, text, parent_kind, parent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(v.name, v.text, v.parent.kind, v.parent.ref, now, now);
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new StoreError("conflict", `a variant named '${v.name}' exists already`);
      throw err;
    }
    return this.getVariant(v.name) as Variant;
  }

  listVariants(): VariantSummary[] {
    return (this.db.prepare("SELECT name, text, parent_kind, parent, created_at, updated_at FROM variants ORDER BY updated_at DESC, name").all() as VariantRow[]).map((r) => {
      const { text: _t, ...summary } = toVariant(r);
      return summary;
    });
  }

  getVariant(name: string): Variant | undefined {
    const row = this.db.prepare("SELECT name, text, parent_kind, parent, created_at, updated_at FROM variants WHERE name = ?").get(name) as VariantRow | undefined;
    return row ? toVariant(row) : undefined;
  }

  updateVariant(name: string, text: string): Variant {
    const changed = this.db.prepare("UPDATE variants SET text = ?, updated_at = ? WHERE name = ?").run(text, new Date().toISOString(), name).changes;
    if (changed === 0) throw new StoreError("not_found", `no variant named '${name}'`);
    return this.getVariant(name) as Variant;
  }

  deleteVariant(name: string): boolean {
    return this.db.prepare("DELETE FROM variants WHERE name = ?").run(name).changes === 1;
  }

  close(): void {
    this.db.close();
  }
}

interface VariantRow {
  name: string;
  text: string;
  parent_kind: VariantParent["kind"];
  parent: string | null;
  created_at: string;
  updated_at: string;
}

function toVariant(r: VariantRow): Variant {
  return { name: r.name, parent: { kind: r.parent_kind, ref: r.parent }, hash: sha256(r.text), createdAt: r.created_at, updatedAt: r.updated_at, text: r.text };
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    scenarioName: row.scenario_name,
    scenarioHash: row.scenario_hash,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    options: JSON.parse(row.options),
    durations: row.durations === null ? null : JSON.parse(row.durations),
    kpis: row.kpis === null ? null : JSON.parse(row.kpis),
    error: row.error,
  };
}

function compareValue(key: string, a: unknown, b: unknown): KpiComparison {
  const numbers = typeof a === "number" && typeof b === "number";
  const delta = numbers ? b - a : null;
  const relative = numbers && a !== 0 ? (b - a) / Math.abs(a) : null;
  return { key, a: a ?? null, b: b ?? null, delta, relative };
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

let lastStamp = "";
let sequence = 0;
/**
 * `YYYYMMDD-HHMMSS-mmmNN-xxxxxx`: sorts by start time (UTC), then by a per-process sequence within
 * one millisecond; the random suffix keeps ids from different processes apart.
 */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString(); // 2026-01-15T10:30:45.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}`;
  sequence = stamp === lastStamp ? sequence + 1 : 0;
  lastStamp = stamp;
  return `${stamp}${String(Math.min(sequence, 99)).padStart(2, "0")}-${randomBytes(4).toString("hex").slice(0, 6)}`;
}
