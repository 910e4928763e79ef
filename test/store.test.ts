// The run store: round trip, atomicity under kill -9, two writer processes, KPI deltas by hand.
import { type ChildProcess, spawn, } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { openStore, StoreError } from "../src/store/index.js";
import { MIGRATIONS } from "../src/store/schema.js";

const root = new URL("..", import.meta.url).pathname;
let dir = "";
let db = "";
let child = "";

beforeAll(() => {
  // Child processes run the built store (dist/, built once by test/global-setup.ts), as the CLI does.
  expect(existsSync(join(root, "dist/store/index.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "waferline-store-"));
  child = join(dir, "child.mjs");
  writeFileSync(
    child,
    `import { openStore } from ${JSON.stringify(join(root, "dist/store/index.js"))};
const [mode, arg] = process.argv.slice(2);
const store = openStore();
if (mode === "hang") {
  const id = store.beginRun({ scenarioName: "hang", scenarioText: "name: hang\\n" });
  process.stdout.write(id + "\\n");
  setInterval(() => {}, 1000);
} else if (mode === "write") {
  // Both writers start at the same moment so their transactions interleave.
  while (Date.now() < Number(arg)) {}
  for (let i = 0; i < 50; i++) {
    const id = store.beginRun({ scenarioName: "w" + process.pid, scenarioText: "t", options: { i } });
    store.completeRun(id, { kpis: { i }, durations: { totalMs: i }, results: { plan: { i }, simulate: { i } } });
  }
  store.close();
} else if (mode === "churn") {
  // Large results, written until killed: a kill lands inside or between transactions.
  const big = { rows: Array.from({ length: 20000 }, (_, k) => ({ k, v: k * 1.5 })) };
  process.stdout.write("ready\\n");
  for (;;) {
    const id = store.beginRun({ scenarioName: "churn", scenarioText: "t" });
    store.completeRun(id, { kpis: { n: 1 }, results: { plan: big, simulate: big, stress: big } });
  }
}
`,
  );
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach((ctx) => {
  db = join(dir, `${ctx.task.name.replace(/\W+/g, "-").slice(0, 40)}.db`);
  process.env.WAFERLINE_DB = db;
});

function run(args: string[]): ChildProcess {
  return spawn("node", [child, ...args], { env: { ...process.env, WAFERLINE_DB: db }, stdio: ["ignore", "pipe", "pipe"] });
}
const firstLine = (p: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    let out = "";
    p.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    p.on("exit", (code) => reject(new Error(`child exited (${code}) before writing a line`)));
  });
const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.exitCode) : p.on("exit", (code) => resolve(code))));
const integrity = (path: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.pragma("integrity_check", { simple: true });
  } finally {
    raw.close();
  }
};

test("a run written and read back, with its results", () => {
  const store = openStore();
  expect(store.path).toBe(db);
  const text = "name: demo\n";
  const id = store.beginRun({ scenarioName: "demo", scenarioText: text, options: { trials: 100, seed: 7 } });
  expect(store.getRun(id)).toMatchObject({ id, status: "running", endedAt: null, kpis: null, results: {} });
  store.completeRun(id, { kpis: { deliveredValueUsd: 1.5e9, p: { p50: 3 } }, durations: { planMs: 12 }, results: { plan: { status: "optimal" }, simulate: { trials: 100 } } });
  const back = store.getRun(id);
  expect(back).toMatchObject({
    id,
    scenarioName: "demo",
    // sha256("name: demo\n"), from `printf 'name: demo\n' | sha256sum`
    scenarioHash: "8789e7eabb7ba5922a5087c25d315a1e5fbb6b0f97510862579d348428dbd9d4",
    scenarioText: text,
    status: "complete",
    options: { trials: 100, seed: 7 },
    kpis: { deliveredValueUsd: 1.5e9, p: { p50: 3 } },
    durations: { planMs: 12 },
    results: { plan: { status: "optimal" }, simulate: { trials: 100 } },
    error: null,
  });
  expect(Date.parse(back!.endedAt!)).toBeGreaterThanOrEqual(Date.parse(back!.startedAt));
  expect(store.listRuns()).toHaveLength(1);
  store.close();
});

test("ids sort by start; list is newest first; prefixes and 'latest' resolve", () => {
  const store = openStore();
  const ids = Array.from({ length: 5 }, (_, i) => store.beginRun({ scenarioName: `s${i}`, scenarioText: "t" }));
  expect([...ids].sort()).toEqual(ids);
  expect(store.listRuns({ limit: 3 }).map((r) => r.id)).toEqual(ids.slice(2).reverse());
  expect(store.listRuns({ scenarioName: "s1" }).map((r) => r.id)).toEqual([ids[1]]);
  expect(store.resolveRunId("latest")).toBe(ids[4]);
  expect(store.resolveRunId(ids[2].slice(0, ids[2].length - 2))).toBe(ids[2]);
  expect(() => store.resolveRunId(ids[0].slice(0, 8))).toThrow(/ambiguous/);
  expect(() => store.resolveRunId("nope")).toThrow(StoreError);
  store.close();
});

test("finished runs are final: no second completion, fail or cancel", () => {
  const store = openStore();
  const a = store.beginRun({ scenarioName: "a", scenarioText: "t" });
  store.failRun(a, "infeasible input");
  expect(store.getRun(a)).toMatchObject({ status: "failed", error: "infeasible input" });
  expect(() => store.completeRun(a, { kpis: {}, results: { plan: 1 } })).toThrow(/already failed/);
  expect(store.getRun(a)?.results).toEqual({}); // the refused completion wrote nothing
  const b = store.beginRun({ scenarioName: "b", scenarioText: "t" });
  store.cancelRun(b);
  expect(store.getRun(b)?.status).toBe("cancelled");
  expect(() => store.failRun("missing", "x")).toThrow(expect.objectContaining({ code: "not_found" }));
  expect(store.deleteRun(a)).toBe(true);
  expect(store.deleteRun(a)).toBe(false);
  expect(store.getRun(a)).toBeUndefined();
  store.close();
});

test("the schema is versioned and opening again migrates nothing twice", () => {
  openStore().close();
  openStore().close();
  const raw = new Database(db, { readonly: true });
  expect(raw.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
  expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
  raw.close();
});

test("variants: created, listed, read, updated and deleted; they survive closing and reopening the file", () => {
  const store = openStore();
  const a = store.createVariant({ name: "more-houston", text: "name: a\n", parent: { kind: "builtin", ref: "us-ai-onshoring-2025" } });
  expect(a).toMatchObject({ name: "more-houston", text: "name: a\n", parent: { kind: "builtin", ref: "us-ai-onshoring-2025" } });
  expect(a.createdAt).toBe(a.updatedAt);
  expect(() => store.createVariant({ name: "more-houston", text: "x", parent: { kind: "text", ref: null } })).toThrow(expect.objectContaining({ code: "conflict" }));
  store.createVariant({ name: "from-run", text: "name: b\n", parent: { kind: "run", ref: "20260101-000000-00000-abcdef" } });
  store.close();

  const again = openStore();
  expect(again.getVariant("more-houston")?.text).toBe("name: a\n");
  const updated = again.updateVariant("more-houston", "name: a2\n");
  expect(updated.text).toBe("name: a2\n");
  expect(updated.updatedAt >= updated.createdAt).toBe(true);
  expect(updated.hash).not.toBe(a.hash);
  // Newest change first; a summary has no text.
  const list = again.listVariants();
  expect(list.map((v) => v.name)).toEqual(["more-houston", "from-run"]);
  expect(list[1]).toMatchObject({ parent: { kind: "run", ref: "20260101-000000-00000-abcdef" } });
  expect("text" in list[0]).toBe(false);
  expect(() => again.updateVariant("nothing", "x")).toThrow(expect.objectContaining({ code: "not_found" }));
  expect(again.deleteVariant("from-run")).toBe(true);
  expect(again.deleteVariant("from-run")).toBe(false);
  again.close();
  const third = openStore();
  expect(third.listVariants().map((v) => v.name)).toEqual(["more-houston"]);
  third.close();
});

test("a store written before variants existed migrates: its runs stay, variants work", () => {
  // The first schema only, as an older Waferline left it, with one finished run.
  const old = new Database(db);
  old.exec(MIGRATIONS[0]);
  old.pragma("user_version = 1");
  old.prepare("INSERT INTO runs (id, scenario_name, scenario_hash, scenario_text, status, started_at, owner_host, owner_pid) VALUES (?, ?, ?, ?, 'complete', ?, 'h', 1)").run("20250101-000000-00000-aaaaaa", "old", "x", "name: old\n", "2025-01-01T00:00:00Z");
  expect(old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'variants'").get()).toEqual({ n: 0 });
  old.close();

  const store = openStore();
  expect(store.getRun("20250101-000000-00000-aaaaaa")).toMatchObject({ scenarioName: "old", status: "complete", scenarioText: "name: old\n" });
  store.createVariant({ name: "v", text: "name: v\n", parent: { kind: "text", ref: null } });
  expect(store.getVariant("v")?.text).toBe("name: v\n");
  store.close();
  const raw = new Database(db, { readonly: true });
  expect(raw.pragma("user_version", { simple: true })).toBe(2);
  raw.close();
});

test("compare: KPIs side by side, deltas b − a and relative to |a|", () => {
  const store = openStore();
  const a = store.beginRun({ scenarioName: "x", scenarioText: "1" });
  const b = store.beginRun({ scenarioName: "x", scenarioText: "2" });
  store.completeRun(a, { kpis: { deliveredValueUsd: 400e6, onshoreValueShare: 0.25, massProductionPeriod: "2026-06", sim: { p50: 100, p90: -40 } }, results: {} });
  store.completeRun(b, { kpis: { deliveredValueUsd: 500e6, onshoreValueShare: 0.2, massProductionPeriod: "2026-08", sim: { p50: 0, p90: -10 }, extra: 3 }, results: {} });
  const cmp = store.compareRuns(a, b);
  const by = Object.fromEntries(cmp.kpis.map((k) => [k.key, k]));
  // 500M − 400M = 100M; 100M / 400M = 0.25
  expect(by.deliveredValueUsd).toEqual({ key: "deliveredValueUsd", a: 400e6, b: 500e6, delta: 100e6, relative: 0.25 });
  // 0.2 − 0.25 = −0.05; −0.05 / 0.25 = −0.2
  expect(by.onshoreValueShare.delta).toBeCloseTo(-0.05, 12);
  expect(by.onshoreValueShare.relative).toBeCloseTo(-0.2, 12);
  // text: side by side, no delta
  expect(by.massProductionPeriod).toEqual({ key: "massProductionPeriod", a: "2026-06", b: "2026-08", delta: null, relative: null });
  // 0 − 100 = −100, −100 / 100 = −1; −10 − (−40) = +30, relative to |−40| = +0.75 (it improved)
  expect(by["sim.p50"]).toMatchObject({ delta: -100, relative: -1 });
  expect(by["sim.p90"]).toMatchObject({ delta: 30, relative: 0.75 });
  // only in b
  expect(by.extra).toEqual({ key: "extra", a: null, b: 3, delta: null, relative: null });
  expect(() => store.compareRuns(a, "nope")).toThrow(/no run with id 'nope'/);
  store.close();
});

describe("several processes", () => {
  test("kill -9 in the middle of a run: the next open marks it failed; integrity_check is ok", async () => {
    openStore().close();
    const p = run(["hang"]);
    const id = await firstLine(p);
    const store = openStore();
    expect(store.getRun(id)?.status).toBe("running"); // its owner is alive: left alone
    store.close();
    p.kill("SIGKILL");
    await exited(p);
    const after = openStore();
    const r = after.getRun(id);
    expect(r).toMatchObject({ status: "failed", error: `process ${p.pid} ended before the run completed`, results: {} });
    expect(r?.endedAt).not.toBeNull();
    after.close();
    expect(integrity(db)).toBe("ok");
  });

  test("kill -9 while writing large results: never a complete run missing results", async () => {
    openStore().close();
    const p = run(["churn"]);
    await firstLine(p);
    await new Promise((r) => setTimeout(r, 700));
    p.kill("SIGKILL");
    await exited(p);
    const store = openStore();
    const all = store.listRuns();
    expect(all.length).toBeGreaterThan(1);
    for (const summary of all) {
      const r = store.getRun(summary.id)!;
      if (r.status === "complete") expect(Object.keys(r.results).sort()).toEqual(["plan", "simulate", "stress"]);
      else {
        expect(r).toMatchObject({ status: "failed", results: {} });
        expect(r.error).toBe(`process ${p.pid} ended before the run completed`);
      }
    }
    expect(all.filter((r) => r.status === "running")).toHaveLength(0);
    expect(all.filter((r) => r.status === "failed").length).toBeLessThanOrEqual(1);
    store.close();
    expect(integrity(db)).toBe("ok");
  });

  test("two processes writing 50 runs each at once: all 100 land, while this process reads", async () => {
    openStore().close();
    const startAt = Date.now() + 800;
    const writers = [run(["write", String(startAt)]), run(["write", String(startAt)])];
    const stderr = writers.map((w) => {
      let e = "";
      w.stderr?.on("data", (d) => (e += d));
      return () => e;
    });
    const reader = openStore();
    let reads = 0;
    while (writers.some((w) => w.exitCode === null && w.signalCode === null)) {
      // A reader never sees a complete run without its results.
      for (const r of reader.listRuns({ status: "complete", limit: 5 })) expect(Object.keys(reader.getRun(r.id)!.results).sort()).toEqual(["plan", "simulate"]);
      reads++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const codes = await Promise.all(writers.map(exited));
    expect(codes, stderr.map((e) => e()).join("\n")).toEqual([0, 0]);
    const all = reader.listRuns();
    expect(all).toHaveLength(100);
    expect(new Set(all.map((r) => r.id)).size).toBe(100);
    expect(all.every((r) => r.status === "complete")).toBe(true);
    for (const w of writers) {
      const mine = reader.listRuns({ scenarioName: `w${w.pid}` });
      expect(mine.map((r) => r.kpis?.i).sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
    expect(reads).toBeGreaterThan(0);
    reader.close();
    expect(integrity(db)).toBe("ok");
  });
});
