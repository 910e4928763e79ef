// The run store's schema, as an ordered list of migrations. PRAGMA user_version counts the steps
// applied; a step, once shipped, is never edited: a change is a new step at the end.
export const MIGRATIONS: readonly string[] = [
  // 1: runs and their results
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     scenario_name TEXT NOT NULL,
     scenario_hash TEXT NOT NULL,
     scenario_text TEXT NOT NULL,
     options TEXT NOT NULL DEFAULT '{}',
     status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'cancelled')),
     started_at TEXT NOT NULL,
     ended_at TEXT,
     durations TEXT,
     kpis TEXT,
     error TEXT,
     owner_host TEXT NOT NULL,
     owner_pid INTEGER NOT NULL,
     owner_start TEXT
   );
   CREATE INDEX runs_status ON runs (status);
   CREATE TABLE run_results (
     run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     PRIMARY KEY (run_id, kind)
   );`,
  // 2: scenario variants: a named scenario text, branched from a built-in, a stored run or another variant
  `CREATE TABLE variants (
     name TEXT PRIMARY KEY,
     text TEXT NOT NULL,
     parent_kind TEXT NOT NULL CHECK (parent_kind IN ('builtin', 'run', 'variant', 'text')),
     parent TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
];
