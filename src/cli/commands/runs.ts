// runs list|show|compare|export|delete: the run history kept by the store.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
// The store (native SQLite) and exceljs load only when a runs command runs, not on every CLI start.
import type { RunStore, RunSummary } from "../../store/index.js";
import { byKey, elapsed, money, percent } from "../../format/index.js";
import { flattenKpis, runTables, tablesToCsv } from "../../store/tables.js";
import { bold, choiceOption, dim, green, integerOption, printJson, red, table, UserError, yellow } from "../output.js";

export function registerRunsCommands(program: Command): void {
  const runs = program.command("runs").description("the run history (SQLite at $WAFERLINE_DB, default .waferline/waferline.db)");

  runs
    .command("list")
    .description("the latest runs, newest first")
    .option("--limit <n>", "how many", "20")
    .option("--json", "print as JSON")
    .action((opts: { limit: string; json?: boolean }) =>
      withStore((store) => {
        const limit = integerOption(opts.limit, "--limit", 1, 1_000_000);
        const list = store.listRuns({ limit });
        if (opts.json) return printJson(list);
        if (list.length === 0) return void process.stdout.write(`no runs yet in ${store.path}\n`);
        process.stdout.write(
          `${table(
            ["id", "status", "scenario", "started", "took", "headline"],
            list.map((r) => [r.id, paintStatus(r.status), r.scenarioName, r.startedAt.replace("T", " ").slice(0, 19), took(r), headline(r)]),
          )}\n`,
        );
      }),
    );

  runs
    .command("show")
    .description("one run: its status, options, KPIs and result kinds")
    .argument("<id>", "run id, a unique prefix of one, or 'latest'")
    .option("--json", "print the stored run as JSON")
    .action((ref: string, opts: { json?: boolean }) =>
      withStore((store) => {
        const run = store.getRun(store.resolveRunId(ref));
        if (!run) throw new UserError(`no run with id '${ref}'`);
        if (opts.json) return printJson(run);
        const lines = [
          `${bold(run.id)}  ${paintStatus(run.status)}`,
          `scenario  ${run.scenarioName} ${dim(`(sha256 ${run.scenarioHash.slice(0, 12)})`)}`,
          `started   ${run.startedAt}${run.endedAt ? `, ended ${run.endedAt} (${took(run)})` : ""}`,
          ...(Object.keys(run.options).length ? [`options   ${JSON.stringify(run.options)}`] : []),
          ...(run.error ? [`error     ${red(run.error)}`] : []),
          ...(Object.keys(run.results).length ? [`results   ${Object.keys(run.results).join(", ")}`] : []),
        ];
        const kpis = [...flattenKpis(run.kpis ?? {})];
        if (kpis.length) lines.push("", table(["kpi", "value"], kpis.map(([k, v]) => [k, byKey(k, v)])));
        process.stdout.write(`${lines.join("\n")}\n`);
      }),
    );

  runs
    .command("compare")
    .description("two runs' KPIs side by side, with deltas (b − a)")
    .argument("<a>", "run id (the base)")
    .argument("<b>", "run id (compared with a)")
    .option("--json", "print as JSON")
    .action((refA: string, refB: string, opts: { json?: boolean }) =>
      withStore((store) => {
        const cmp = store.compareRuns(store.resolveRunId(refA), store.resolveRunId(refB));
        if (opts.json) return printJson(cmp);
        const rows = cmp.kpis.map((k) => [k.key, byKey(k.key, k.a), byKey(k.key, k.b), k.delta === null ? "" : byKey(k.key, k.delta, { sign: true, delta: true }), k.relative === null ? "" : percent(k.relative, { sign: true })]);
        process.stdout.write(`a = ${cmp.a.id} (${cmp.a.scenarioName}, ${cmp.a.status})\nb = ${cmp.b.id} (${cmp.b.scenarioName}, ${cmp.b.status})\n\n`);
        process.stdout.write(rows.length ? `${table(["kpi", "a", "b", "b − a", "change"], rows)}\n` : "neither run has KPIs\n");
      }),
    );

  runs
    .command("export")
    .description("a run's KPIs and results as json, csv (one line per cell) or xlsx (one sheet per table)")
    .argument("<id>", "run id, a unique prefix of one, or 'latest'")
    .option("--format <format>", "json | csv | xlsx", "json")
    .option("--out <file>", "write here instead of stdout (xlsx: default waferline-<id>.xlsx)")
    .action((ref: string, opts: { format: string; out?: string }) =>
      withStore(async (store) => {
        choiceOption(opts.format, "--format", ["json", "csv", "xlsx"] as const);
        const run = store.getRun(store.resolveRunId(ref));
        if (!run) throw new UserError(`no run with id '${ref}'`);
        if (opts.format === "xlsx") {
          const out = opts.out ?? `waferline-${run.id}.xlsx`;
          const { tablesToWorkbook } = await import("../../xlsx/index.js");
          await tablesToWorkbook(runTables(run)).xlsx.writeFile(out);
          process.stdout.write(`wrote ${out}\n`);
          return;
        }
        const text = opts.format === "json" ? `${JSON.stringify(run, null, 2)}\n` : tablesToCsv(runTables(run));
        if (opts.out) {
          writeFileSync(opts.out, text);
          process.stdout.write(`wrote ${opts.out}\n`);
        } else process.stdout.write(text);
      }),
    );

  runs
    .command("delete")
    .description("remove a run and its results")
    .argument("<id>", "run id (in full)")
    .action((id: string) =>
      withStore((store) => {
        if (!store.deleteRun(id)) throw new UserError(`no run with id '${id}'`);
        process.stdout.write(`deleted ${id}\n`);
      }),
    );
}

async function withStore<T>(fn: (store: RunStore) => T | Promise<T>): Promise<T> {
  const { openStore, StoreError } = await import("../../store/index.js");
  const store = openStore();
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof StoreError) throw new UserError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

function paintStatus(status: string): string {
  return status === "complete" ? green(status) : status === "failed" ? red(status) : status === "running" ? yellow(status) : status;
}

function took(r: RunSummary): string {
  return r.endedAt ? elapsed(r.startedAt, r.endedAt) : "";
}

/** The delivered value, if the run reports one (as a number or as a distribution's p50). */
function headline(r: RunSummary): string {
  const flat = flattenKpis(r.kpis ?? {});
  for (const key of ["deliveredValueUsd", "deliveredValueUsd.p50", "deliveredValueUsd.mean", "plan.deliveredValueUsd"]) {
    const v = flat.get(key);
    if (typeof v === "number") return `delivered ${money(v)}`;
  }
  return r.status === "failed" && r.error ? r.error.slice(0, 50) : "";
}
