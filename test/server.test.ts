// API contract: every endpoint through app.request(), with a real store in a temp file and real runs
// of scenarios/tutorial.yaml. Failure paths use an executor that throws or hangs: that tests the
// server's own catching, not the engines.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp, type Executor } from "../src/server/index.js";
import { openStore, type RunStore } from "../src/store/index.js";

const root = new URL("..", import.meta.url).pathname;
const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");
let dir = "";
let store: RunStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "waferline-server-"));
  store = openStore(join(dir, "runs.db"));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const jsonBody = (body: unknown, headers: Record<string, string> = {}) => ({ method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const p = (await res.json()) as Record<string, unknown>;
  expect(p).toMatchObject({ status });
  for (const key of ["type", "title", "detail"]) expect(typeof p[key]).toBe("string");
  return p;
}

/** Reads a run's event stream to its end; returns the events in order. */
async function events(app: { request: (p: string) => Response | Promise<Response> }, id: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const res = await app.request(`/api/runs/${id}/events`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.includes("data:"))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "{}");
      return { event, data };
    });
}

describe("read-only endpoints", () => {
  test("health answers ok with the limits in force", async () => {
    const { app } = createApp({ store, maxTrials: 5000 });
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", defaultScenario: "us-ai-onshoring-2025", limits: { maxTrials: 5000, maxBodyBytes: 2 * 1024 * 1024 } });
  });

  test("openapi.json is OpenAPI 3.1 and lists every endpoint of the contract", async () => {
    const { app } = createApp({ store });
    const doc = (await (await app.request("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ops.sort()).toEqual(
      [
        "GET /api/health",
        "GET /api/scenarios",
        "GET /api/scenarios/{name}",
        "POST /api/validate",
        "POST /api/runs",
        "GET /api/runs",
        "GET /api/runs/compare",
        "GET /api/runs/{id}",
        "GET /api/runs/{id}/events",
        "DELETE /api/runs/{id}",
        "GET /api/scenarios/{name}/events",
        "POST /api/events",
        "GET /api/variants",
        "POST /api/variants",
        "GET /api/variants/{name}",
        "PUT /api/variants/{name}",
        "DELETE /api/variants/{name}",
        "GET /api/variants/{name}/events",
        "GET /api/variants/{name}/export",
        "POST /api/compare",
        "POST /api/whatif",
        "POST /api/whatif/{id}",
        "DELETE /api/whatif/{id}",
      ].sort(),
    );
    // The request schema that validates POST /api/runs is the one documented.
    const body = (doc.paths["/api/runs"].post as { requestBody: { content: Record<string, { schema: unknown }> } }).requestBody.content["application/json"].schema;
    expect(JSON.stringify(doc)).toContain('"trials"');
    expect(body).toBeDefined();
    // The run result's invest payload is described, with the contract keys of `invest --json`.
    const schemas = (doc as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }).components.schemas;
    for (const key of ["status", "objectiveValue", "target", "builds", "capexUsd", "reachedValueUsd", "mipGap", "frontier", "blockedBy"]) expect(schemas.InvestResult.properties).toHaveProperty(key);
    expect(JSON.stringify(schemas.RunRequest)).toContain('"invest"');
  });

  test("scenarios lists the built-ins with summaries", async () => {
    const { app } = createApp({ store });
    const res = (await (await app.request("/api/scenarios")).json()) as { default: string; scenarios: { name: string; sites: number; problems: number }[] };
    expect(res.default).toBe("us-ai-onshoring-2025");
    const names = res.scenarios.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["tutorial", "us-ai-onshoring-2025"]));
    // tutorial.yaml declares five sites.
    expect(res.scenarios.find((s) => s.name === "tutorial")).toMatchObject({ sites: 5, problems: 0 });
  });

  test("one scenario: text, summary and the network for the map", async () => {
    const { app } = createApp({ store });
    const res = await app.request("/api/scenarios/tutorial");
    expect(res.status).toBe(200);
    const s = (await res.json()) as { text: string; summary: Record<string, unknown>; network: { periods: string[]; sites: { id: string; lat: number; lon: number; country: string; role: string }[]; lanes: { id: string; from: string; to: string; capacity: number | null }[]; resources: { id: string; site: string; capacity: number[] }[] } };
    expect(s.text).toBe(tutorial);
    expect(s.summary).toMatchObject({ name: "tutorial", periods: 12, start: "2026-01", sites: 5, countries: ["TW", "US"] });
    expect(s.network.periods).toHaveLength(12);
    expect(s.network.sites.find((x) => x.id === "fab-us")).toMatchObject({ country: "US", lat: 33.7, lon: -112.1, role: "fab" });
    // Lane capacity: gpus-to-us has 400; the others have none (null, not Infinity, in JSON).
    expect(s.network.lanes.find((l) => l.id === "gpus-to-us")).toMatchObject({ from: "pkg-tw", to: "asm-us", capacity: 400 });
    expect(s.network.lanes.find((l) => l.id === "wafers-tw")?.capacity).toBeNull();
    // fab-us-starts ramps 0 -> 80 over Mar..Jun, then a half outage in Sep: 80 * (1 - 0.5) = 40.
    const us = s.network.resources.find((r) => r.id === "fab-us-starts");
    expect(us?.site).toBe("fab-us");
    const cap = us?.capacity ?? [];
    expect(cap).toHaveLength(12);
    expect(cap[0]).toBe(0);
    expect(cap[6]).toBe(80);
    expect(cap[8]).toBe(40);
    for (let t = 2; t < 6; t++) expect(cap[t]).toBeGreaterThan(cap[t - 1]);
  });

  test("an unknown scenario is a 404 problem; a path is refused before any file is read", async () => {
    const { app } = createApp({ store });
    const missing = await expectProblem(await app.request("/api/scenarios/no-such-scenario"), 404);
    expect(String(missing.detail)).toContain("tutorial");
    await expectProblem(await app.request("/api/scenarios/..%2F..%2Fetc%2Fpasswd"), 400);
    await expectProblem(await app.request("/api/scenarios/%2Fetc%2Fpasswd"), 400);
  });

  test("unknown /api paths are 404 problems", async () => {
    const { app } = createApp({ store });
    await expectProblem(await app.request("/api/nothing-here"), 404);
  });
});

describe("POST /api/validate", () => {
  test("a valid scenario: ok, no problems, its summary and network", async () => {
    const { app } = createApp({ store });
    const res = await app.request("/api/validate", jsonBody({ text: tutorial }));
    expect(res.status).toBe(200);
    const v = (await res.json()) as { ok: boolean; problems: unknown[]; summary: { name: string }; network: { sites: unknown[] } };
    expect(v.ok).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.summary.name).toBe("tutorial");
    expect(v.network.sites).toHaveLength(5);
  });

  test("a broken line is reported at that line", async () => {
    const { app } = createApp({ store });
    const lines = tutorial.split("\n");
    const seedLine = lines.findIndex((l) => l.startsWith("seed:"));
    lines[seedLine] = "seed: seven";
    const v = (await (await app.request("/api/validate", jsonBody({ text: lines.join("\n") }))).json()) as { ok: boolean; problems: { path: string; line: number; col: number }[] };
    expect(v.ok).toBe(false);
    // 1-based: the line after index seedLine's predecessors.
    expect(v.problems).toContainEqual(expect.objectContaining({ path: "seed", line: seedLine + 1 }));
  });

  test("a YAML syntax error has a line and column", async () => {
    const { app } = createApp({ store });
    // Line 3 opens a flow mapping that never closes.
    const v = (await (await app.request("/api/validate", jsonBody({ text: "name: x\ntitle: y\nsites: [{ id: a\n" }))).json()) as { ok: boolean; problems: { code: string; line: number; col: number }[] };
    expect(v.ok).toBe(false);
    expect(v.problems[0].code).toBe("syntax");
    expect(v.problems[0].line).toBeGreaterThanOrEqual(3);
    expect(v.problems[0].col).toBeGreaterThanOrEqual(1);
  });

  test("JSON is accepted as well as YAML", async () => {
    const { app } = createApp({ store });
    const v = (await (await app.request("/api/validate", jsonBody({ text: JSON.stringify({ name: "x" }) }))).json()) as { ok: boolean; problems: { path: string }[] };
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.path)).toContain("sites");
  });

  test("malformed requests are 400/415 problems", async () => {
    const { app } = createApp({ store });
    const p = await expectProblem(await app.request("/api/validate", jsonBody({})), 400);
    expect(p.errors).toEqual([expect.objectContaining({ path: "text" })]);
    await expectProblem(await app.request("/api/validate", jsonBody({ text: "a: 1", extra: true })), 400);
    await expectProblem(await app.request("/api/validate", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }), 400);
    await expectProblem(await app.request("/api/validate", { method: "POST", headers: { "content-type": "text/plain" }, body: tutorial }), 415);
  });

  test("a body over the limit is a 413 problem", async () => {
    const { app } = createApp({ store, maxBodyBytes: 10_000 });
    await expectProblem(await app.request("/api/validate", jsonBody({ text: "x".repeat(20_000) })), 413);
    // The default limit is 2 MB.
    const big = createApp({ store });
    await expectProblem(await big.app.request("/api/validate", jsonBody({ text: `# ${"x".repeat(2 * 1024 * 1024)}` })), 413);
  });
});

describe("runs", () => {
  let first = "";

  test("a run of the tutorial answers 202 at once, reports progress, completes and is stored", async () => {
    const { app } = createApp({ store, threads: 1 });
    const res = await app.request("/api/runs", jsonBody({ scenario: "tutorial", trials: 400, seed: 11 }));
    expect(res.status).toBe(202);
    const started = (await res.json()) as { id: string; status: string; links: { events: string } };
    expect(started.status).toBe("running");
    expect(res.headers.get("location")).toBe(`/api/runs/${started.id}`);
    first = started.id;

    const evs = await events(app, first);
    const end = evs.at(-1);
    expect(end?.event).toBe("end");
    expect(end?.data).toMatchObject({ id: first, status: "complete", error: null });
    expect(evs.filter((e) => e.event === "progress").map((e) => e.data.stage)).toEqual(expect.arrayContaining(["plan", "simulate", "stress"]));

    const run = (await (await app.request(`/api/runs/${first}`)).json()) as { status: string; options: Record<string, unknown>; kpis: Record<string, unknown>; results: Record<string, { [k: string]: unknown }> };
    expect(run.status).toBe("complete");
    expect(run.options).toMatchObject({ trials: 400, seed: 11, source: "builtin", kinds: ["plan", "simulate", "stress", "sensitivity", "invest"] });
    expect(Object.keys(run.results).sort()).toEqual(["costRouted", "plan", "sensitivity", "simulate", "stress", "stressByDate"]);
    expect(run.results.plan.status).toBe("optimal");
    expect(run.results.simulate.trials).toBe(400);
    expect(run.kpis["simulate.trials"]).toBe(400);

    // Stored: another handle on the same file sees the completed run.
    const again = openStore(store.path);
    expect(again.getRun(first)?.status).toBe("complete");
    again.close();
  });

  test("GET /api/runs lists runs, newest first, filtered by status and scenario", async () => {
    const { app } = createApp({ store, threads: 1 });
    const list = (await (await app.request("/api/runs?limit=5&status=complete&scenario=tutorial")).json()) as { runs: { id: string; status: string; scenarioName: string }[] };
    expect(list.runs.map((r) => r.id)).toContain(first);
    for (const r of list.runs) expect(r).toMatchObject({ status: "complete", scenarioName: "tutorial" });
    await expectProblem(await app.request("/api/runs?limit=0"), 400);
    await expectProblem(await app.request("/api/runs?status=lost"), 400);
  });

  test("GET /api/runs/{id}: an ETag, 304 when unchanged, prefixes and `latest`, 404 and 400", async () => {
    const { app } = createApp({ store, threads: 1 });
    const res = await app.request(`/api/runs/${first}`);
    const etag = res.headers.get("etag") ?? "";
    expect(etag).toBe(`"${first}"`);
    expect((await app.request(`/api/runs/${first}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    expect(((await (await app.request(`/api/runs/${first.slice(0, 24)}`)).json()) as { id: string }).id).toBe(first);
    await expectProblem(await app.request("/api/runs/20000101-000000-00000-ffffff"), 404);
    await expectProblem(await app.request("/api/runs/bad%20id"), 400);
  });

  test("kinds: invest runs what it would take for a scenario with expansion options", async () => {
    const { app } = createApp({ store, threads: 1 });
    const text = readFileSync(new URL("./fixtures/invest/two-sites.yaml", import.meta.url), "utf8");
    const res = await app.request("/api/runs", jsonBody({ text, kinds: ["invest"] }));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await events(app, id)).at(-1)?.data.status).toBe("complete");
    const run = (await (await app.request(`/api/runs/${id}`)).json()) as { kpis: Record<string, unknown>; results: Record<string, Record<string, unknown>> };
    expect(Object.keys(run.results)).toEqual(["invest"]);
    // The toy's hand-derived answer (src/plan/invest.test.ts): 3 modules of 20 racks/month for $18,000.
    expect(run.results.invest).toMatchObject({ status: "optimal", capexUsd: 18_000, mode: "min-capex" });
    expect(run.results.invest.frontier).toHaveLength(10);
    expect(run.kpis["invest.capexUsd"]).toBe(18_000);
  });

  test("an inline scenario runs; an invalid one is a 422 problem with line and column", async () => {
    const { app } = createApp({ store, threads: 1 });
    const res = await app.request("/api/runs", jsonBody({ text: tutorial, kinds: ["plan"] }));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await events(app, id)).at(-1)?.data.status).toBe("complete");
    const run = (await (await app.request(`/api/runs/${id}`)).json()) as { options: Record<string, unknown>; results: Record<string, unknown> };
    expect(run.options.source).toBe("inline");
    expect(Object.keys(run.results)).toEqual(["plan", "costRouted"]);

    const broken = tutorial.replace("periods: 12, bucket: month", "periods: -3, bucket: month");
    const line = tutorial.split("\n").findIndex((l) => l.startsWith("horizon:")) + 1;
    const p = await expectProblem(await app.request("/api/runs", jsonBody({ text: broken })), 422);
    expect(p).toMatchObject({ path: "horizon.periods", line });
    expect(p.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: "horizon.periods", line, col: expect.any(Number) })]));
  });

  test("bad run requests are 4xx problems", async () => {
    const { app } = createApp({ store, maxTrials: 5000, threads: 1 });
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial", trials: 5001 })), 400);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial", trials: 0 })), 400);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial", kinds: ["optimise"] })), 400);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial", text: tutorial })), 400);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "scenarios/tutorial.yaml" })), 400);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "nope" })), 404);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial", stressAt: "2031-01" })), 400);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial", file: "/etc/passwd" })), 400);
  });

  test("compare: KPIs side by side with b − a", async () => {
    const { app } = createApp({ store, threads: 1 });
    const res = await app.request("/api/runs", jsonBody({ scenario: "tutorial", kinds: "simulate", trials: 200, seed: 11 }));
    const { id: second } = (await res.json()) as { id: string };
    await events(app, second);
    const cmp = (await (await app.request(`/api/runs/compare?a=${first}&b=${second}`)).json()) as { a: { id: string }; b: { id: string }; kpis: { key: string; a: unknown; b: unknown; delta: number | null }[] };
    expect(cmp.a.id).toBe(first);
    expect(cmp.b.id).toBe(second);
    // 200 trials minus 400 trials.
    expect(cmp.kpis.find((k) => k.key === "simulate.trials")).toMatchObject({ a: 400, b: 200, delta: -200 });
    await expectProblem(await app.request(`/api/runs/compare?a=${first}`), 400);
    await expectProblem(await app.request(`/api/runs/compare?a=${first}&b=20000101-000000-00000-ffffff`), 404);
  });

  test("DELETE cancels a run going on; finished or unknown runs are 409/404", async () => {
    // The work honours the abort signal the way executeRun does (a real run is cancelled in server-cli.test.ts).
    let aborted = false;
    let begun: () => void = () => {};
    const workBegun = new Promise<void>((r) => {
      begun = r;
    });
    const hang: Executor = (_loaded, opts) =>
      new Promise((_, reject) => {
        begun();
        opts.signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("aborted"));
        });
      });
    const { app } = createApp({ store, execute: hang });
    const res = await app.request("/api/runs", jsonBody({ scenario: "tutorial" }));
    const { id } = (await res.json()) as { id: string };
    const stream = events(app, id);
    await workBegun;
    const del = await app.request(`/api/runs/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ id, status: "cancelled" });
    expect((await stream).at(-1)?.data).toMatchObject({ status: "cancelled" });
    expect(store.getRun(id)?.status).toBe("cancelled");
    expect(aborted).toBe(true);
    await expectProblem(await app.request(`/api/runs/${id}`, { method: "DELETE" }), 409);
    await expectProblem(await app.request(`/api/runs/${first}`, { method: "DELETE" }), 409);
    await expectProblem(await app.request("/api/runs/20000101-000000-00000-ffffff", { method: "DELETE" }), 404);
  });
});

describe("isolation and limits", () => {
  test("a run that throws is stored as failed and the server goes on answering", async () => {
    const boom: Executor = async () => {
      throw new Error("solver exploded");
    };
    const { app } = createApp({ store, execute: boom });
    const { id } = (await (await app.request("/api/runs", jsonBody({ scenario: "tutorial" }))).json()) as { id: string };
    expect((await events(app, id)).at(-1)?.data).toMatchObject({ status: "failed", error: expect.stringContaining("solver exploded") });
    expect(store.getRun(id)).toMatchObject({ status: "failed" });
    expect((await app.request("/api/health")).status).toBe(200);
  });

  test("a run over the time limit is stopped and stored as failed", async () => {
    const hang: Executor = (_loaded, opts) => new Promise((_, reject) => opts.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    const { app } = createApp({ store, execute: hang, maxRunSeconds: 0.2 });
    const { id } = (await (await app.request("/api/runs", jsonBody({ scenario: "tutorial" }))).json()) as { id: string };
    expect((await events(app, id)).at(-1)?.data).toMatchObject({ status: "failed", error: expect.stringContaining("limit") });
  });

  test("more runs than the server allows at once are refused with 429", async () => {
    const hang: Executor = (_loaded, opts) => new Promise((_, reject) => opts.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    const server = createApp({ store, execute: hang, maxConcurrentRuns: 1 });
    expect((await server.app.request("/api/runs", jsonBody({ scenario: "tutorial" }))).status).toBe(202);
    const res = await server.app.request("/api/runs", jsonBody({ scenario: "tutorial" }));
    await expectProblem(res, 429);
    expect(res.headers.get("retry-after")).toBeTruthy();
    server.close();
    expect(store.listRuns({ status: "running" })).toEqual([]);
  });
});

describe("access", () => {
  const token = "a-long-enough-secret-token";

  test("with a token, every /api request needs it; the dashboard's files do not", async () => {
    const { app } = createApp({ store, token, webRoot: join(dir, "no-web") });
    const none = await expectProblem(await app.request("/api/health"), 401);
    expect(none.type).toContain("unauthorized");
    expect((await app.request("/api/health")).headers.get("www-authenticate")).toContain("Bearer");
    await expectProblem(await app.request("/api/runs", { headers: { authorization: "Bearer wrong-token-of-some-length" } }), 401);
    await expectProblem(await app.request("/api/runs", { headers: { authorization: `Basic ${token}` } }), 401);
    await expectProblem(await app.request("/api/runs", jsonBody({ scenario: "tutorial" })), 401);
    expect((await app.request("/api/health", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const doc = (await (await app.request("/api/openapi.json", { headers: { authorization: `Bearer ${token}` } })).json()) as { security: unknown[] };
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect((await app.request("/")).status).toBe(503); // not built in this temp root, but not a 401
  });

  test("without a token (loopback), /api is open to loopback names only", async () => {
    const { app } = createApp({ store, loopbackHostsOnly: true });
    expect((await app.request("http://127.0.0.1:8080/api/health")).status).toBe(200);
    expect((await app.request("http://localhost:8080/api/health")).status).toBe(200);
    expect((await app.request("http://[::1]:8080/api/health")).status).toBe(200);
    await expectProblem(await app.request("http://attacker.example/api/health"), 403);
  });

  test("state-changing requests from another origin are refused", async () => {
    const { app } = createApp({ store });
    await expectProblem(await app.request("http://localhost/api/validate", jsonBody({ text: "a: 1" }, { origin: "https://attacker.example" })), 403);
    expect((await app.request("http://localhost/api/validate", jsonBody({ text: "a: 1" }, { origin: "http://localhost" }))).status).toBe(200);
  });
});

describe("dashboard files", () => {
  test("served from the web root, SPA fallback for routes, never outside the root", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const web = join(dir, "web");
    mkdirSync(join(web, "assets"), { recursive: true });
    writeFileSync(join(web, "index.html"), "<!doctype html><title>Waferline</title>");
    writeFileSync(join(web, "assets", "app-abc.js"), "console.log(1)");
    writeFileSync(join(dir, "secret.txt"), "secret");
    const { app } = createApp({ store, webRoot: web });
    const index = await app.request("/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    const js = await app.request("/assets/app-abc.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(await (await app.request("/runs")).text()).toContain("<title>Waferline</title>");
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"]) {
      const res = await app.request(path);
      expect(await res.text()).not.toContain("secret");
    }
  });
});
