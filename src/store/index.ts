// The run store (SQLite): run history and results, shared safely by several processes.
export { openStore, sha256, newRunId, StoreError, DEFAULT_DB, type RunStore, type Run, type RunSummary, type RunStatus, type Kpis, type KpiComparison, type RunComparison, type StoreErrorCode, type Variant, type VariantSummary, type VariantParent } from "./store.js";
export { flattenKpis, runTables, tablesToCsv, unitOf, type Table, type TableColumn, type Cell } from "./tables.js";
