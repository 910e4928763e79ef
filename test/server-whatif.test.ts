// The what-if API end to end against `waferline serve` as a real process with its own SQLite store:
// scenario variants (create, branch, list, read, update with located problems, export, delete), runs with
// events and from variants, comparisons (input diff with lines, KPI diff, warnings) and what-if sessions
// (capacity edits and events re-solved warm on the what-if thread, closing, the cap on sessions).
// Expected figures are derived by hand from the scenarios, never from the server's own output.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { root, type Served, startServe, stopServe } from "./serve-harness.js";

const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");
// The three-country toy of src/plan/replan.test.ts: chips from Taiwan (15 a month) or Korea (4 a month,
// dearer) become boxes in the US (10 a month wanted at $100); Taiwan is blockaded in March-April.
const TOY = readFileSync(join(root, "test/fixtures/events/three-countries.yaml"), "utf8");

let dir = "";
let s: Served;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "waferline-whatif-"));
  s = await startServe(["--port", "0", "--max-whatif-sessions", "2"], { WAFERLINE_DB: join(dir, "runs.db"), WAFERLINE_TOKEN: undefined }, dir);
}, 60_000);
afterAll(async () => {
  if (s) expect(await stopServe(s)).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, any>;
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; type: string; json: Json; text: string; headers: Headers }> {
  const res = await fetch(`${s.base}${path}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, type: res.headers.get("content-type") ?? "", json, text, headers: res.headers };
}

/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

async function finished(id: string): Promise<Json> {
  for (let i = 0; i < 600; i++) {
    const r = await call("GET", `/api/runs/${id}`);
    if (r.json.status !== "running") return r.json;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run ${id} did not finish`);
}

describe("scenario variants", () => {
  test("branch, list, read, update (checked, problems located), export, delete", async () => {
    const created = await call("POST", "/api/variants", { name: "fewer-servers", from: { scenario: "tutorial" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/api/variants/fewer-servers");
    expect(created.json).toMatchObject({ name: "fewer-servers", parent: { kind: "builtin", ref: "tutorial" }, text: tutorial });

    expect((await call("POST", "/api/variants", { name: "fewer-servers", from: { scenario: "tutorial" } })).status).toBe(409);
    expect((await call("POST", "/api/variants", { name: "x", from: { variant: "nope" } })).status).toBe(404);
    expect((await call("POST", "/api/variants", { name: "Bad Name", text: tutorial })).status).toBe(400);

    const list = await call("GET", "/api/variants");
    expect(list.json.variants.map((v: Json) => v.name)).toContain("fewer-servers");
    expect(list.json.variants[0].text).toBeUndefined();

    // An invalid edit: a negative capacity on the assembly line's line; refused, located, the text kept.
    const broken = tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: -5 }]");
    const bad = await call("PUT", "/api/variants/fewer-servers", { text: broken });
    expect(bad.status).toBe(422);
    expect(bad.type).toBe("application/problem+json");
    const line = lineOf(broken, "level: -5");
    expect(bad.json.problems[0].line).toBe(line);
    expect(bad.json.problems[0].at).toMatch(new RegExp(`^fewer-servers\\.yaml:${line}:\\d+$`));
    expect(bad.json.detail).toMatch(new RegExp(`^fewer-servers\\.yaml:${line}:\\d+: `));
    expect((await call("GET", "/api/variants/fewer-servers")).json.text).toBe(tutorial);

    const fewer = tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]");
    const updated = await call("PUT", "/api/variants/fewer-servers", { text: fewer });
    expect(updated.status).toBe(200);
    expect(updated.json.text).toBe(fewer);

    const yaml = await call("GET", "/api/variants/fewer-servers/export");
    expect(yaml.status).toBe(200);
    expect(yaml.type).toContain("application/yaml");
    expect(yaml.headers.get("content-disposition")).toContain('filename="fewer-servers.yaml"');
    expect(yaml.text).toBe(fewer);
    const xlsx = await fetch(`${s.base}/api/variants/fewer-servers/export?format=xlsx`);
    expect(xlsx.status).toBe(200);
    // A workbook is a zip: it starts with "PK".
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");

    // A new variant from text with a problem: located in the new variant's file.
    const badNew = await call("POST", "/api/variants", { name: "broken", text: broken });
    expect(badNew.status).toBe(422);
    expect(badNew.json.problems[0].at).toMatch(new RegExp(`^broken\\.yaml:${line}:`));

    const scratch = await call("POST", "/api/variants", { name: "scratch", from: { variant: "fewer-servers" } });
    expect(scratch.json.parent).toEqual({ kind: "variant", ref: "fewer-servers" });
    expect((await call("DELETE", "/api/variants/scratch")).json).toEqual({ name: "scratch", deleted: true });
    expect((await call("GET", "/api/variants/scratch")).status).toBe(404);
    expect((await call("DELETE", "/api/variants/scratch")).status).toBe(404);
  });

  test("a run from a variant carries the variant's name; a variant branches from a past run", async () => {
    const fewer = tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]");
    expect((await call("POST", "/api/variants", { name: "twenty-a-month", text: fewer })).status).toBe(201);
    const started = await call("POST", "/api/runs", { variant: "twenty-a-month", kinds: "plan" });
    expect(started.status).toBe(202);
    const run = await finished(started.json.id);
    expect(run.status).toBe("complete");
    expect(run.scenarioName).toBe("twenty-a-month");
    expect(run.options).toMatchObject({ source: "variant", variant: "twenty-a-month" });
    // By hand: 20 servers x 7 months (the first lead times leave 7) x $400k = $56.0M by the target's date.
    expect(run.kpis["plan.targetMadeValueUsd"]).toBeCloseTo(56e6, -2);

    const branched = await call("POST", "/api/variants", { name: "from-run", from: { run: run.id } });
    expect(branched.status).toBe(201);
    expect(branched.json).toMatchObject({ parent: { kind: "run", ref: run.id }, text: fewer });
    expect((await call("POST", "/api/runs", { variant: "no-such-variant", kinds: "plan" })).status).toBe(404);
  }, 120_000);
});

describe("runs with events", () => {
  test("a surprise blockade and the same with foresight give the hand-derived plans", async () => {
    const surprise = await finished((await call("POST", "/api/runs", { text: TOY, kinds: "plan", events: ["tw-blockade"] })).json.id);
    expect(surprise.status).toBe("complete");
    // A surprise loses 2 months x (10 - 4) boxes x $100 = $1,200 of the $6,000 a clear run delivers.
    expect(surprise.kpis["plan.deliveredValueUsd"]).toBeCloseTo(4800, 6);
    expect(surprise.options).toMatchObject({ events: ["tw-blockade"], foresight: false });
    expect(surprise.results.plan.events?.replans ?? surprise.results.events?.replans).toBeDefined();

    const foresight = await finished((await call("POST", "/api/runs", { text: TOY, kinds: "plan", events: ["tw-blockade"], foresight: true })).json.id);
    // Known in advance: January-February stock up (15 + 4 - 10 = 9 a month spare) and nothing is lost.
    expect(foresight.kpis["plan.deliveredValueUsd"]).toBeCloseTo(6000, 6);
    expect(foresight.options).toMatchObject({ foresight: true });

    const unknown = await call("POST", "/api/runs", { text: TOY, kinds: "plan", events: ["tw-blokade"] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatchObject({ path: "events.0" });
    expect(unknown.json.detail).toContain("did you mean 'tw-blockade'");
  }, 120_000);

  test("a scenario's library of events is listed", async () => {
    const r = await call("GET", "/api/scenarios/us-ai-onshoring-2025/events");
    expect(r.status).toBe(200);
    expect(r.json.events.map((e: Json) => e.name)).toContain("taiwan-blockade-2027");
    const inline = await call("POST", "/api/events", { text: TOY });
    expect(inline.json.events).toEqual([expect.objectContaining({ name: "tw-blockade", kind: "blockade", start: "2026-03", end: "2026-04" })]);
  });
});

describe("compare", () => {
  test("two scenarios: the input diff with lines on both sides, and the KPI diff", async () => {
    const changed = tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]").replace("priceUsd: 400000", "priceUsd: 350000");
    expect((await call("POST", "/api/variants", { name: "cheaper-fewer", text: changed })).status).toBe(201);
    const r = await call("POST", "/api/compare", { a: { scenario: "tutorial" }, b: { variant: "cheaper-fewer" }, trials: 20, seed: 1 });
    expect(r.status).toBe(200);
    expect(r.json.inputs).toEqual(
      expect.arrayContaining([
        { path: "resources[asm-us-lines].levels[0].level", a: 30, b: 20, lineA: lineOf(tutorial, "level: 30 }]"), lineB: lineOf(changed, "level: 20 }]") },
        { path: "demand[us-servers].priceUsd", a: 400000, b: 350000, lineA: lineOf(tutorial, "priceUsd: 400000"), lineB: lineOf(changed, "priceUsd: 350000") },
      ]),
    );
    expect(r.json.inputs).toHaveLength(2);
    expect(r.json.a).toMatchObject({ label: "tutorial", file: "tutorial.yaml", trials: 20, seed: 1 });
    expect(r.json.b).toMatchObject({ label: "cheaper-fewer", file: "cheaper-fewer.yaml" });
    // By hand: a makes 30 x 7 = 210 servers ($84.0M at $400k); b 20 x 7 = 140 ($49.0M at $350k).
    const made = r.json.kpis.find((k: Json) => k.key === "plan.targetMadeValueUsd");
    expect(made.a).toBeCloseTo(84e6, -2);
    expect(made.b).toBeCloseTo(49e6, -2);
    expect(made.delta).toBeCloseTo(-35e6, -2);
    expect(r.json.warnings).toEqual([]);
  }, 180_000);

  test("two stored runs: warns when trial counts and seeds differ; events as an input", async () => {
    const a = await finished((await call("POST", "/api/runs", { scenario: "tutorial", kinds: ["plan", "simulate"], trials: 20, seed: 3 })).json.id);
    const b = await finished((await call("POST", "/api/runs", { scenario: "tutorial", kinds: ["plan", "simulate"], trials: 30, seed: 4 })).json.id);
    const r = await call("POST", "/api/compare", { a: { run: a.id }, b: { run: b.id } });
    expect(r.status).toBe(200);
    expect(r.json.inputs).toEqual([]);
    expect(r.json.warnings).toHaveLength(2);
    expect(r.json.warnings[0]).toContain("trial count (20 against 30)");
    expect(r.json.warnings[1]).toContain("seed (3 against 4)");
    for (const k of r.json.kpis) if (typeof a.kpis[k.key] === "number" && typeof b.kpis[k.key] === "number") expect(k.delta).toBeCloseTo(b.kpis[k.key] - a.kpis[k.key], 6);

    // GET /api/runs/compare answers the same input diff and warnings beside its KPIs.
    const get = await call("GET", `/api/runs/compare?a=${a.id}&b=${b.id}`);
    expect(get.json.inputs).toEqual([]);
    expect(get.json.warnings).toEqual(r.json.warnings);
    const fewer = await finished((await call("POST", "/api/runs", { variant: "twenty-a-month", kinds: "plan" })).json.id);
    const byId = await call("GET", `/api/runs/compare?a=${a.id}&b=${fewer.id}`);
    expect(byId.json.inputs).toEqual([{ path: "resources[asm-us-lines].levels[0].level", a: 30, b: 20, lineA: lineOf(tutorial, "level: 30 }]"), lineB: lineOf(tutorial, "level: 30 }]") }]);
    // b has no simulation: no trial count to compare, no warning.
    expect(byId.json.warnings).toEqual([]);

    const ev = await call("POST", "/api/compare", { a: { text: TOY }, b: { text: TOY, events: ["tw-blockade"] }, inputsOnly: true });
    expect(ev.json.inputs).toEqual([{ path: "events applied", a: null, b: "tw-blockade", lineA: null, lineB: null }]);
    expect(ev.json.kpis).toEqual([]);
    expect((await call("POST", "/api/compare", { a: { run: "nope" }, b: { scenario: "tutorial" }, inputsOnly: true })).status).toBe(404);
    expect((await call("POST", "/api/compare", { a: { run: a.id, events: ["x"] }, b: { scenario: "tutorial" } })).status).toBe(400);
  }, 180_000);
});

describe("what-if sessions", () => {
  test("a capacity edit is re-solved warm and gives the hand-derived plan; back to the opened plan", async () => {
    const opened = await call("POST", "/api/whatif", { scenario: "tutorial" });
    expect(opened.status).toBe(201);
    const id = opened.json.id as string;
    expect(opened.headers.get("location")).toBe(`/api/whatif/${id}`);
    expect(opened.json).toMatchObject({ scenario: "tutorial", warm: false, plan: { status: "optimal" } });
    expect(opened.json.plan.targets[0].madeValueUsd).toBeCloseTo(84e6, -2);

    const edit = await call("POST", `/api/whatif/${id}`, { capacity: [{ resource: "asm-us-lines", from: "2026-01", level: 20 }] });
    expect(edit.status).toBe(200);
    expect(edit.json.warm).toBe(true);
    expect(edit.json.edits).toEqual([{ resource: "asm-us-lines", from: "2026-01", to: "2026-12", periods: 12 }]);
    expect(edit.json.plan.targets[0].madeValueUsd).toBeCloseTo(56e6, -2);
    // Scaling by 2/3 is the same edit.
    const scaled = await call("POST", `/api/whatif/${id}`, { capacity: [{ resource: "asm-us-lines", from: "2026-01", to: "2026-12", factor: 2 / 3 }] });
    expect(scaled.json.plan.targets[0].madeValueUsd).toBeCloseTo(56e6, -2);
    // An edited text does the same, and is kept as the session's text.
    const text = await call("POST", `/api/whatif/${id}`, { text: tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]") });
    expect(text.json.plan.targets[0].madeValueUsd).toBeCloseTo(56e6, -2);
    const back = await call("POST", `/api/whatif/${id}`, { text: tutorial });
    expect(back.json.plan.targets[0].madeValueUsd).toBeCloseTo(84e6, -2);

    const bad = await call("POST", `/api/whatif/${id}`, { capacity: [{ resource: "nope", from: "2031-01", level: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: Json) => e.path)).toEqual(["capacity.0.resource", "capacity.0.from"]);
    expect((await call("POST", `/api/whatif/${id}`, { capacity: [{ resource: "asm-us-lines", from: "2026-01" }] })).status).toBe(400);
    const invalid = await call("POST", `/api/whatif/${id}`, { text: "name: [" });
    expect(invalid.status).toBe(422);

    expect((await call("DELETE", `/api/whatif/${id}`)).json).toEqual({ id, closed: true });
    expect((await call("POST", `/api/whatif/${id}`, {})).status).toBe(404);
    expect((await call("DELETE", `/api/whatif/${id}`)).status).toBe(404);
  }, 120_000);

  test("events: a surprise and foresight on the toy; the oldest session goes past the cap", async () => {
    const opened = await call("POST", "/api/whatif", { text: TOY });
    const id = opened.json.id as string;
    expect(opened.json.plan.kpis.deliveredValueUsd).toBeCloseTo(6000, 6);
    const surprise = await call("POST", `/api/whatif/${id}`, { events: ["tw-blockade"] });
    expect(surprise.json.warm).toBe(true);
    expect(surprise.json.events).toMatchObject({ applied: [{ id: "tw-blockade", kind: "blockade", start: "2026-03", end: "2026-04" }], foresight: false, replans: [{ from: "2026-03", events: ["tw-blockade"] }] });
    expect(surprise.json.plan.kpis.deliveredValueUsd).toBeCloseTo(4800, 6);
    const foresight = await call("POST", `/api/whatif/${id}`, { events: ["tw-blockade"], foresight: true });
    expect(foresight.json.plan.kpis.deliveredValueUsd).toBeCloseTo(6000, 6);
    // Opened with the event: the first answer has it.
    const withEvent = await call("POST", "/api/whatif", { text: TOY, events: ["tw-blockade"] });
    expect(withEvent.json.plan.kpis.deliveredValueUsd).toBeCloseTo(4800, 6);
    expect((await call("POST", "/api/whatif", { text: TOY, events: ["nope"] })).status).toBe(400);

    // The server keeps 2 sessions (--max-whatif-sessions 2): a third closes the least recently used.
    const third = await call("POST", "/api/whatif", { scenario: "tutorial" });
    expect(third.status).toBe(201);
    expect((await call("POST", `/api/whatif/${id}`, {})).status).toBe(404);
    expect((await call("POST", `/api/whatif/${withEvent.json.id}`, {})).status).toBe(200);
    expect((await call("POST", "/api/whatif/not-an-id", {})).status).toBe(400);
    const health = await call("GET", "/api/health");
    expect(health.json.limits.maxWhatIfSessions).toBe(2);
  }, 120_000);

  test("the OpenAPI document describes the new routes' bodies", async () => {
    const doc = (await call("GET", "/api/openapi.json")).json;
    const schemas = doc.components.schemas;
    for (const name of ["CreateVariantRequest", "Variant", "CompareRequest", "Comparison", "OpenWhatIfRequest", "SolveWhatIfRequest", "CapacityEdit", "WhatIf"]) expect(schemas).toHaveProperty(name);
    expect(JSON.stringify(schemas.RunRequest)).toContain('"foresight"');
    expect(doc.paths["/api/whatif/{id}"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/SolveWhatIfRequest" });
  });
});
