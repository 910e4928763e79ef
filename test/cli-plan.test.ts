// `waferline plan` end to end through the built CLI: the JSON contract, exit codes, --mps, infeasible.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solveMps } from "../src/plan/highs.js";

const root = new URL("..", import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync("node", ["bin/waferline.js", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
let dir = "";

beforeAll(() => {
  expect(existsSync(join(root, "dist/cli/commands/plan.js"))).toBe(true);
  expect(existsSync(join(root, "dist/plan/highs.worker.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "waferline-plan-"));
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("waferline plan", () => {
  it("--json prints one document with the contract keys", () => {
    const run = cli("plan", "scenarios/tutorial.yaml", "--json");
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe("optimal");
    expect(typeof doc.objectiveValue).toBe("number");
    expect(doc.periods).toHaveLength(12);
    for (const key of ["deliveredValueUsd", "targetValueUsd", "onshoreValueShare", "massProductionPeriod"]) expect(doc.kpis).toHaveProperty(key);
    // The tutorial's target is $50M of US-assembled servers; its demand schedule is 20 a month from April.
    expect(doc.kpis.targetValueUsd).toBe(50_000_000);
    expect(doc.kpis.onshoreValueShare).toBeGreaterThan(0);
    expect(doc.kpis.onshoreValueShare).toBeLessThanOrEqual(1);
    expect(doc.bottlenecks.length).toBeGreaterThan(0);
    for (const b of doc.bottlenecks) {
      expect(typeof b.resource).toBe("string");
      expect(doc.periods).toContain(b.period);
      expect(b.shadowPriceUsd).toBeGreaterThan(0);
    }
    // The second round's keys (../shared/DESIGN.md): the objective, targets with their reconciliation, limits.
    expect(doc.objective).toBe("max-target");
    const t = doc.targets[0];
    expect(t).toMatchObject({ id: "us-servers-value", by: "2026-12", measure: "assembledValue", countries: ["US"], valueUsd: 50_000_000, met: true });
    expect(Object.keys(t.reconciliation).sort()).toEqual(["assembledValueUsd", "deliveredValueUsd", "manufacturingContentUsd", "ownedMarginUsd"]);
    expect(t.madeValueUsd).toBeCloseTo(doc.objectiveValue, 0);
    for (const list of [doc.limits.total, doc.limits.target]) {
      expect(list.length).toBeGreaterThan(0);
      for (const l of list) for (const k of ["resource", "unit", "from", "to", "shadowPriceUsd", "plusTenPercentUsd"]) expect(l).toHaveProperty(k);
      const values = list.map((l: { plusTenPercentUsd: number }) => l.plusTenPercentUsd);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    expect(Array.isArray(doc.limits.notYetOpen)).toBe(true);
    for (const x of doc.limits.notYetOpen) for (const k of ["resource", "opens", "openQuarterEarlierUsd"]) expect(x).toHaveProperty(k);
    expect(doc.costRouted.targets[0].id).toBe("us-servers-value");
  });

  it("--mps writes an LP whose optimum, read back by HiGHS, is objectiveValue", async () => {
    const file = join(dir, "tutorial.mps");
    const run = cli("plan", "scenarios/tutorial.yaml", "--json", "--mps", file);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    const back = await solveMps(readFileSync(file, "utf8"));
    expect(back.objectiveValue).toBeCloseTo(doc.objectiveValue, 2);
  });

  it("prints one screen for a person", () => {
    const run = cli("plan", "scenarios/tutorial.yaml");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/status: optimal/);
    expect(run.stdout).toMatch(/mass production .*: 2026-\d\d/);
    expect(run.stdout).toMatch(/onshore share of value added .*by year 2026/);
    // By hand: GPUs first reach the US line in 2026-05 (wafer 2 months, packaging 1, transit 1); it then
    // starts 30 servers a month through 2026-11 (assembly takes 1): 210 servers x $400k = $84.0M.
    // Cost-driven routing builds only what sells by 2026-12: 20 a month Jun-Sep, 30 Oct-Dec = 170 = $68.0M.
    expect(run.stdout).toMatch(/capacity allows at most \$84\.0M/);
    expect(run.stdout).toMatch(/cost-driven routing alone \(max-value\) gives \$68\.0M/);
    expect(run.stdout).toMatch(/what limits target us-servers-value/);
    expect(run.stdout).toMatch(/what limits total output/);
    expect(run.stdout.split("\n").length).toBeLessThan(40);
  });

  it("an infeasible copy of the tutorial exits 1 and names its conflicts with file:line", () => {
    const file = join(dir, "infeasible.yaml");
    writeFileSync(file, readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8").replace("{ from: 2026-04, quantity: 20 }", "{ from: 2026-02, quantity: 20 }"));
    const run = cli("plan", file, "--objective", "meet-demand", "--hard-demand", "--json");
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe("infeasible");
    expect(doc.objectiveValue).toBeNull();
    const labels = doc.conflicts.map((c: { label: string }) => c.label);
    expect(labels).toContain("demand us-servers in 2026-02");
    const demand = doc.conflicts.find((c: { label: string }) => c.label === "demand us-servers in 2026-02");
    expect(demand.at).toMatch(/infeasible\.yaml:\d+$/);
  });

  it("rejects an unknown objective as a usage error", () => {
    const run = cli("plan", "scenarios/tutorial.yaml", "--objective", "cheapest");
    expect(run.status).toBe(2);
  });
});

describe("solveLpInWorker (built)", () => {
  it("solves in a worker thread and gives the same answer as in-process", async () => {
    const mod = (await import(join(root, "dist/plan/highs.node.js"))) as typeof import("../src/plan/highs.node.js");
    expect(mod.workerAvailable()).toBe(true);
    // max x + y, x + 2y <= 4, 3x + y <= 6: vertices (0,2) -> 2, (1.6,1.2) -> 2.8, (2,0) -> 2. Optimum 2.8.
    const s = await mod.solveLpInWorker({
      sense: "max",
      numCols: 2,
      numRows: 2,
      colCost: Float64Array.of(1, 1),
      colLower: Float64Array.of(0, 0),
      colUpper: Float64Array.of(Infinity, Infinity),
      rowLower: Float64Array.of(-Infinity, -Infinity),
      rowUpper: Float64Array.of(4, 6),
      starts: Int32Array.of(0, 2, 4),
      indices: Int32Array.of(0, 1, 0, 1),
      values: Float64Array.of(1, 3, 2, 1),
    });
    expect(s.status).toBe("optimal");
    expect(s.objectiveValue).toBeCloseTo(2.8);
    expect(s.colValue[0]).toBeCloseTo(1.6);
  });
});
