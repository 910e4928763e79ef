// `waferline runs ...` through the built CLI, on a store filled in this process.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openStore } from "../src/store/index.js";

const root = new URL("..", import.meta.url).pathname;
let dir = "";
let db = "";
let a = "";
let b = "";
let failed = "";
const cli = (...args: string[]) => spawnSync("node", [join(root, "bin/waferline.js"), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", WAFERLINE_DB: db } });

beforeAll(() => {
  expect(existsSync(join(root, "dist/cli/commands/runs.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "waferline-runs-cli-"));
  db = join(dir, "runs.db");
  const store = openStore(db);
  a = store.beginRun({ scenarioName: "tutorial", scenarioText: "name: tutorial\n", options: { trials: 1000, seed: 7 } });
  store.completeRun(a, {
    kpis: { deliveredValueUsd: 40e6, onshoreValueShare: 0.5, massProductionPeriod: "2026-06" },
    durations: { planMs: 100, simulateMs: 900 },
    results: { plan: { status: "optimal", bottlenecks: [{ resource: "asm-us-lines", period: "2026-04", shadowPriceUsd: 1200 }, { resource: "fab-us-starts", period: "2026-05", shadowPriceUsd: 300 }] } },
  });
  b = store.beginRun({ scenarioName: "tutorial", scenarioText: "name: tutorial\n" });
  store.completeRun(b, { kpis: { deliveredValueUsd: 50e6, onshoreValueShare: 0.4, massProductionPeriod: "2026-05" }, results: { plan: { status: "optimal", bottlenecks: [] } } });
  failed = store.beginRun({ scenarioName: "other", scenarioText: "x" });
  store.failRun(failed, "plan: infeasible");
  store.close();
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("runs list: newest first, as a table and as JSON", () => {
  const text = cli("runs", "list");
  expect(text.status).toBe(0);
  const lines = text.stdout.trim().split("\n");
  expect(lines[0]).toMatch(/^id\s+status\s+scenario\s+started\s+took\s+headline$/);
  expect(lines[1]).toContain(failed);
  expect(lines[1]).toContain("plan: infeasible");
  expect(lines[2]).toContain("delivered $50.0M");
  const json = cli("runs", "list", "--json");
  expect(JSON.parse(json.stdout).map((r: { id: string }) => r.id)).toEqual([failed, b, a]);
});

test("runs show: by id, prefix and 'latest'; an unknown id is exit 1 with a clear message", () => {
  const shown = cli("runs", "show", a);
  expect(shown.status).toBe(0);
  expect(shown.stdout).toContain("deliveredValueUsd");
  expect(shown.stdout).toContain("$40.0M");
  expect(shown.stdout).toContain("50.0%");
  expect(JSON.parse(cli("runs", "show", "latest", "--json").stdout)).toMatchObject({ id: failed, status: "failed", error: "plan: infeasible" });
  const missing = cli("runs", "show", "19990101-000000");
  expect(missing.status).toBe(1);
  expect(missing.stderr).toBe("waferline: no run with id '19990101-000000'\n");
  expect(missing.stdout).toBe("");
});

test("runs compare: side by side with deltas (hand-computed)", () => {
  const out = cli("runs", "compare", a, b);
  expect(out.status).toBe(0);
  // delivered 40M → 50M: +10M, +25%; onshore 50% → 40%: −10 percentage points, −20% relative (typographic minus)
  expect(out.stdout).toMatch(/deliveredValueUsd\s+\$40\.0M\s+\$50\.0M\s+\+\$10\.0M\s+\+25\.0%/);
  expect(out.stdout).toMatch(/onshoreValueShare\s+50\.0%\s+40\.0%\s+−10\.0 pp\s+−20\.0%/);
  expect(out.stdout).toMatch(/massProductionPeriod\s+2026-06\s+2026-05\n/);
  const json = JSON.parse(cli("runs", "compare", a, b, "--json").stdout);
  expect(json.kpis[0]).toEqual({ key: "deliveredValueUsd", a: 40e6, b: 50e6, delta: 10e6, relative: 0.25 });
  expect(cli("runs", "compare", a, "nope").status).toBe(1);
});

test("runs export: json is the stored run; csv flattens; xlsx has one sheet per table with units", async () => {
  const json = cli("runs", "export", a, "--format", "json");
  expect(JSON.parse(json.stdout)).toMatchObject({ id: a, scenarioText: "name: tutorial\n", results: { plan: { status: "optimal" } } });

  const csv = cli("runs", "export", a, "--format", "csv").stdout.trim().split("\n");
  expect(csv[0]).toBe("table,row,field,unit,value");
  expect(csv).toContain("kpis,1,value,,40000000");
  expect(csv).toContain("kpis,1,unit,,USD");
  expect(csv).toContain("plan_bottlenecks,2,resource,,fab-us-starts");
  expect(csv).toContain("plan_bottlenecks,1,shadowPriceUsd,USD,1200");

  const out = join(dir, "a.xlsx");
  const x = cli("runs", "export", a.slice(0, 22), "--format", "xlsx", "--out", out);
  expect(x.status, x.stderr).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  expect(wb.worksheets.map((w) => w.name)).toEqual(["run", "kpis", "durations", "plan", "plan_bottlenecks"]);
  expect(wb.getWorksheet("plan_bottlenecks")!.getRow(1).values).toEqual([undefined, "resource", "period", "shadowPriceUsd (USD)"]);
  expect(wb.getWorksheet("durations")!.getRow(2).values).toEqual([undefined, "planMs", 100]);
  expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");

  const bad = cli("runs", "export", a, "--format", "pdf");
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("--format must be 'json', 'csv' or 'xlsx', not 'pdf'");
});
