// The dashboard in a real browser: Debian chromium driven by playwright-core (never downloaded), against
// `waferline serve` on a random loopback port with a temp store. Every view is checked for readability at
// 1440 and 390 px; screenshots go to test-artifacts/screenshots/ (CI keeps that folder).
import { type ChildProcess, spawn, } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { money, percent } from "../src/format/index.js";
import { readabilityProblems, VIEWPORTS } from "./visual.js";

const root = new URL("..", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";
const shots = join(root, "test-artifacts/screenshots");
const VIEWS = ["Map", "Flow", "Outlook", "Bottlenecks", "Risk", "Sensitivity", "Invest", "Scenario", "Runs"] as const;
const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");

let dir = "";
let server: ChildProcess | undefined;
let base = "";
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  // test/global-setup.ts built the CLI and the dashboard (dist/web) once.
  expect(existsSync(join(root, "dist/cli/commands/serve.js"))).toBe(true);
  expect(existsSync(join(root, "dist/web/index.html"))).toBe(true);
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "waferline-dashboard-"));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: "1", WAFERLINE_DB: join(dir, "runs.db") };
  delete env.WAFERLINE_TOKEN;
  const child = spawn("node", [join(root, "bin/waferline.js"), "serve", "--port", "0"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  server = child;
  base = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr?.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const done = new Promise((r) => server?.on("exit", r));
    server.kill("SIGTERM");
    await done;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Shapes drawn (paths and rectangles) in every chart's SVG on the page. */
async function drawnShapes(): Promise<number[]> {
  return page.$$eval(".chart", (charts) => charts.map((c) => c.querySelectorAll("svg path, svg rect").length));
}

/**
 * Every chart redrawn at its box's width: the chart sets its SVG's width in the same step as the option
 * laid out for that width, so until they match a loaded machine may still show the old layout.
 */
async function chartsSettled(): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll(".chart")].every((c) => {
      const svg = c.querySelector("svg");
      return !svg || Math.abs(Number(svg.getAttribute("width")) - (c as HTMLElement).clientWidth) < 1;
    }),
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(100);
}

async function showTab(name: string): Promise<void> {
  await page.click(`button[data-tab="${name}"]`);
  await page.waitForSelector(`section[aria-label="${name}"]`, { timeout: 30_000 });
}

async function expectViewsDraw(prefix: string): Promise<void> {
  await showTab("Map");
  await page.waitForSelector("svg.map path.land", { timeout: 30_000 });
  expect(await page.locator("svg.map g.site").count()).toBeGreaterThan(0);
  expect(await page.locator("svg.map path.lane").count()).toBeGreaterThan(0);
  await page.screenshot({ path: join(shots, `${prefix}-map.png`) });
  for (const view of ["Flow", "Outlook", "Bottlenecks", "Risk", "Sensitivity"]) {
    await showTab(view);
    await page.waitForSelector(".chart svg", { timeout: 30_000 });
    await page.waitForTimeout(300);
    const shapes = await drawnShapes();
    expect(shapes.length, view).toBeGreaterThan(0);
    for (const n of shapes) expect(n, `${view} chart is empty`).toBeGreaterThan(5);
    await page.screenshot({ path: join(shots, `${prefix}-${view.toLowerCase()}.png`), fullPage: true });
  }
}

// CI installs Debian chromium; without it there is no browser to drive (never download one).
describe.skipIf(!existsSync(CHROMIUM))("dashboard", () => {
  test("first open shows the default scenario's run without any other step", async () => {
    await page.goto(`${base}/`);
    // The map draws from the scenario at once, before any run.
    await page.waitForSelector("svg.map g.site", { timeout: 30_000 });
    // With an empty store the dashboard starts a run of the default scenario and shows its progress.
    await page.waitForSelector('[data-testid="current-run"]:not([data-run-id=""])', { timeout: 150_000 });
    expect(await page.textContent('[data-testid="current-run"]')).toContain("us-ai-onshoring-2025");
    await expectViewsDraw("default");
  }, 240_000);

  test("every view of the default run reads well at 1440x900 and 390x844, the target line in the Outlook chart", async () => {
    const problems: string[] = [];
    for (const vp of VIEWPORTS) {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      for (const view of VIEWS) {
        await showTab(view);
        await page.waitForTimeout(view === "Runs" ? 800 : 500); // charts redraw at the new width; Runs loads its list
        await chartsSettled();
        for (const p of await readabilityProblems(page)) problems.push(`${view} at ${vp.width} px: ${p}`);
        await page.screenshot({ path: join(shots, `dashboard-${view.toLowerCase()}-${vp.width}.png`), fullPage: true });
      }
      // The default scenario's $500B target lies above everything the plan and the simulation reach:
      // the axis must still extend to it, so its line and label are drawn.
      await showTab("Outlook");
      await page.waitForTimeout(300);
      const label = page.locator('[data-chart="outlook fan"] svg text', { hasText: /^target \$500\.0B by 2029-03$/ });
      expect(await label.count(), `target label at ${vp.width} px`).toBe(1);
      expect(await label.isVisible()).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  }, 240_000);

  test("the target card, the limits and the Invest view show the default run's figures", async () => {
    // The run's own JSON, read here: every figure on screen is checked against it.
    interface Target {
      id: string;
      valueUsd: number;
      madeValueUsd: number;
      by: string;
      countries: string[];
      reconciliation: { deliveredValueUsd: number; assembledValueUsd: number; manufacturingContentUsd: number; ownedMarginUsd: number };
    }
    interface Results {
      plan: { targets: Target[]; limits: { target: { resource: string; plusTenPercentUsd: number }[]; total: { resource: string; plusTenPercentUsd: number }[] } };
      costRouted: { targets: Target[] };
      simulate: { probabilityTargetMet: number };
      stress: { targetId: string; nodes: { id: string; lostTargetValueUsd: number | null }[] };
      invest: { status: string; builds: unknown[]; baselineValueUsd: number; frontier: { targetValueUsd: number; capexUsd: number | null }[] };
    }
    const id = await page.getAttribute('[data-testid="current-run"]', "data-run-id");
    const run = (await (await fetch(`${base}/api/runs/${id}`)).json()) as { scenarioName: string; results: Results };
    expect(run.scenarioName).toBe("us-ai-onshoring-2025");
    const r = run.results;
    const t = r.plan.targets[0];
    const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();

    // The card is on the first screen (the Map), above the map.
    await page.setViewportSize({ width: 1440, height: 900 });
    await showTab("Map");
    const card = page.locator('[data-testid="target-card"]');
    expect(await card.count()).toBe(1);
    expect((await card.boundingBox())?.y ?? 1e9).toBeLessThan(900);
    expect(await text('[data-testid="target-label"]')).toBe(`${money(t.valueUsd)} of goods assembled in ${t.countries.join("+")} by ${t.by}`);
    expect(await text('[data-testid="target-card"] [data-key="met"]')).toBe(t.madeValueUsd >= t.valueUsd ? "met" : "not met");
    expect(await text('[data-testid="target-card"] [data-key="made"]')).toContain(money(t.madeValueUsd));
    expect(await text('[data-testid="target-card"] [data-key="costRouted"]')).toContain(money(r.costRouted.targets[0].madeValueUsd));
    expect(await text('[data-testid="target-card"] [data-key="probability"]')).toContain(percent(r.simulate.probabilityTargetMet));
    const c = t.reconciliation;
    expect(await text('[data-testid="reconciliation"] [data-key="delivered"]')).toContain(money(c.deliveredValueUsd));
    expect(await text('[data-testid="reconciliation"] [data-key="assembled"]')).toContain(money(c.assembledValueUsd));
    expect(await text('[data-testid="reconciliation"] [data-key="manufacturing"]')).toContain(money(c.manufacturingContentUsd));
    expect(await text('[data-testid="reconciliation"] [data-key="margins"]')).toContain(money(c.ownedMarginUsd));
    expect(await text('[data-testid="reconciliation"] [data-key="content"]')).toContain(money(c.manufacturingContentUsd + c.ownedMarginUsd));
    // Nothing is built on the default scenario: no new site on the map.
    expect(await page.locator("svg.map g.new-site").count()).toBe(0);

    // The limits, ranked as the plan ranks them.
    await showTab("Bottlenecks");
    for (const [testid, list] of [
      ["limits-target", r.plan.limits.target],
      ["limits-total", r.plan.limits.total],
    ] as const) {
      const rows = page.locator(`[data-testid="${testid}"] tbody tr`);
      expect(await rows.count()).toBe(list.length);
      for (let i = 0; i < list.length; i++) {
        const row = (await rows.nth(i).textContent()) ?? "";
        expect(row).toContain(list[i].resource);
        expect(row).toContain(money(list[i].plusTenPercentUsd));
      }
    }

    // The stress table's lost-target column.
    await showTab("Risk");
    expect(await page.locator('[data-testid="risk-table"] th', { hasText: `lost ${r.stress.targetId}` }).count()).toBe(1);
    const worst = [...r.stress.nodes].sort((a, b) => (b.lostTargetValueUsd ?? 0) - (a.lostTargetValueUsd ?? 0))[0];
    const worstRow = page.locator('[data-testid="risk-table"] tbody tr', { has: page.locator(`td b:text-is("${worst.id}")`) }).first();
    expect(await worstRow.textContent()).toContain(money(worst.lostTargetValueUsd));

    // What it would take: nothing to build, what the network makes, the frontier beyond it.
    await showTab("Invest");
    expect(r.invest.status).toBe("optimal");
    expect(r.invest.builds).toEqual([]);
    const answer = await text('[data-testid="invest-answer"]');
    expect(answer).toContain("Nothing needs building");
    expect(answer).toContain(money(r.invest.baselineValueUsd));
    expect(await page.locator('[data-testid="invest-builds"]').count()).toBe(0);
    const rows = page.locator('[data-testid="invest-frontier"] tbody tr');
    expect(await rows.count()).toBe(r.invest.frontier.length);
    for (let i = 0; i < r.invest.frontier.length; i++) {
      const p = r.invest.frontier[i];
      const row = (await rows.nth(i).textContent()) ?? "";
      expect(row).toContain(money(p.targetValueUsd));
      if (p.capexUsd !== null) expect(row).toContain(money(p.capexUsd));
    }
    await page.waitForSelector('[data-chart="invest frontier"] svg', { timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(await page.locator('[data-chart="invest frontier"] svg path').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(shots, "default-invest.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  test("the Risk view's date control shows each date's stress table, read from the run's JSON", async () => {
    interface Dated {
      period: string;
      primary: boolean;
      nodes: { id: string; lostValueUsd: number; lostTargetValueUsd: number | null; riskExposureIndex: number }[];
    }
    const id = await page.getAttribute('[data-testid="current-run"]', "data-run-id");
    const run = (await (await fetch(`${base}/api/runs/${id}`)).json()) as { results: { stress: { period: string }; stressByDate: Dated[] } };
    const dates = run.results.stressByDate;
    expect(dates.length).toBeGreaterThan(1);
    expect(dates.find((d) => d.primary)?.period).toBe(run.results.stress.period);
    await page.setViewportSize({ width: 1440, height: 900 });
    await showTab("Risk");
    const select = page.locator('[data-testid="risk-date"]');
    expect(await select.locator("option").count()).toBe(dates.length);
    expect(await select.inputValue()).toBe(run.results.stress.period);
    /** The table against one date's nodes, in the view's order (highest index first, then the larger loss). */
    const expectShows = async (d: Dated) => {
      await page.waitForFunction((p) => document.querySelector("section[aria-label=Risk] p")?.textContent?.includes(`taken at ${p}.`), d.period, { timeout: 10_000 });
      const rows = await page.$$eval('[data-testid="risk-table"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim())));
      const nodes = [...d.nodes].sort((a, b) => b.riskExposureIndex - a.riskExposureIndex || b.lostValueUsd - a.lostValueUsd);
      expect(rows.length, d.period).toBe(nodes.length);
      nodes.forEach((n, i) => {
        expect(rows[i][0].startsWith(n.id), `${d.period} row ${i}`).toBe(true);
        expect(rows[i][5].startsWith(money(n.lostValueUsd)), `${d.period} ${n.id} lost value`).toBe(true);
        if (n.lostTargetValueUsd !== null) expect(rows[i]).toContain(money(n.lostTargetValueUsd));
        expect(rows[i]).toContain(percent(n.riskExposureIndex));
      });
    };
    await expectShows(dates.find((d) => d.primary) as Dated);
    for (const d of dates.filter((x) => !x.primary)) {
      await select.selectOption(d.period);
      await expectShows(d);
    }
    await page.screenshot({ path: join(shots, "default-risk-date.png"), fullPage: true });
    await select.selectOption(run.results.stress.period);
    await expectShows(dates.find((d) => d.primary) as Dated);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  test("a run of the tutorial started from the editor completes and every view draws", async () => {
    await showTab("Scenario");
    await page.selectOption('select[aria-label="built-in scenario"]', "tutorial");
    await page.waitForFunction(() => document.querySelector('[data-testid="validation-status"]')?.textContent?.startsWith("valid"), null, { timeout: 30_000 });
    await page.fill('input[aria-label="trials"]', "1000");
    await page.click('[data-testid="run-all"]');
    await page.waitForSelector('[data-testid="run-progress"]', { timeout: 30_000 });
    await page.screenshot({ path: join(shots, "tutorial-progress.png") });
    await page.waitForSelector('[data-testid="current-run"][data-scenario="tutorial"]', { timeout: 120_000 });
    await expectViewsDraw("tutorial");
    // The map now shows the tutorial's five sites (some may share a circle where they would overlap).
    await showTab("Map");
    const sites = await page.$$eval("svg.map g.site", (gs) => gs.reduce((n, g) => n + Number(g.getAttribute("data-sites")), 0));
    expect(sites).toBe(5);
  }, 240_000);

  test("the Sankey's total is the tutorial's delivered value, over the whole horizon and over a chosen quarter", async () => {
    await showTab("Flow");
    // By hand from scenarios/tutorial.yaml: a wafer started in 2026-01 is out in 2026-03 (lead time 2),
    // packaged by 2026-04 (1), in Texas by 2026-05 (transit 1) and a server by 2026-06 (1). From then the
    // demand is met in full: 20 a month in 2026-06..09 and 30 a month in 2026-10..12 = 80 + 90 = 170
    // servers at $400,000 = $68.0M. (Demand in 2026-04 and 05 cannot be met and is not carried over.)
    const total = page.locator('[data-testid="flow-total"]');
    expect(Number(await total.getAttribute("data-value"))).toBeCloseTo(68_000_000, 0);
    expect(await total.textContent()).toBe("$68.0M delivered");
    // The plan says the same (its KPI, computed by the planner, not by the dashboard).
    const run = (await (await fetch(`${base}/api/runs/latest`)).json()) as { scenarioName: string; kpis: Record<string, number> };
    expect(run.scenarioName).toBe("tutorial");
    expect(run.kpis["plan.deliveredValueUsd"]).toBeCloseTo(68_000_000, 0);
    // The last quarter: 3 months x 30 servers x $400,000 = $36.0M.
    await page.selectOption('select[aria-label="from period"]', { label: "2026-10" });
    await page.selectOption('select[aria-label="to period"]', { label: "2026-12" });
    await page.waitForFunction(() => document.querySelector('[data-testid="flow-total"]')?.textContent === "$36.0M delivered", null, { timeout: 10_000 });
    expect(Number(await total.getAttribute("data-value"))).toBeCloseTo(36_000_000, 0);
    // The tutorial's lanes form no loop: nothing is left out.
    expect(await page.locator('[data-testid="flow-omitted"]').count()).toBe(0);
    await page.screenshot({ path: join(shots, "tutorial-flow-last-quarter.png"), fullPage: true });
  }, 60_000);

  test("the editor shows a problem at the line that is broken", async () => {
    await showTab("Scenario");
    const lines = tutorial.split("\n");
    const broken = lines.findIndex((l) => l.startsWith("seed:"));
    lines[broken] = "seed: seven";
    await page.fill('textarea[aria-label="scenario text"]', lines.join("\n"));
    const line = broken + 1;
    await page.waitForSelector(`[data-testid="problems"] li[data-line="${line}"]`, { timeout: 30_000 });
    expect(await page.locator(`.gutter div.bad[data-line="${line}"]`).count()).toBe(1);
    expect(await page.textContent(`[data-testid="problems"] li[data-line="${line}"]`)).toContain("seed");
    expect(await page.isDisabled('[data-testid="run-all"]')).toBe(true);
    await page.screenshot({ path: join(shots, "editor-problem.png") });
  }, 60_000);

  test("the run history lists both runs and compares them side by side", async () => {
    await showTab("Runs");
    await page.waitForSelector('[data-testid="runs-table"] tbody tr', { timeout: 30_000 });
    const boxes = page.locator('[data-testid="runs-table"] input[type="checkbox"]');
    expect(await boxes.count()).toBeGreaterThanOrEqual(2);
    await boxes.nth(1).check();
    await boxes.nth(0).check();
    await page.waitForSelector('[data-testid="compare-table"] tbody tr', { timeout: 30_000 });
    await page.screenshot({ path: join(shots, "runs-compare.png"), fullPage: true });
  }, 60_000);

  test("a new site the investment plan builds is on the map, where the scenario puts it", async () => {
    // test/fixtures/invest/new-site.yaml: by hand, the only option builds plant G (a new site) for $18,000.
    const text = readFileSync(join(root, "test/fixtures/invest/new-site.yaml"), "utf8");
    await showTab("Scenario");
    await page.fill('textarea[aria-label="scenario text"]', text);
    await page.waitForFunction(() => document.querySelector('[data-testid="validation-status"]')?.textContent?.startsWith("valid"), null, { timeout: 30_000 });
    await page.fill('input[aria-label="trials"]', "50");
    await page.click('[data-testid="run-all"]');
    await page.waitForSelector('[data-testid="current-run"][data-scenario="new-site"]', { timeout: 120_000 });
    await showTab("Map");
    await page.waitForSelector('svg.map g.new-site[data-site="g"]', { timeout: 30_000 });
    const row = (await page.locator('[data-testid="map-new-sites"] tbody tr').first().textContent()) ?? "";
    expect(row).toContain("G plant");
    expect(row).toContain("2026-03");
    expect(row).toContain(money(18_000));
    // Drawn inside the map.
    const map = await page.locator("svg.map").boundingBox();
    const mark = await page.locator("svg.map g.new-site").boundingBox();
    expect(map && mark && mark.x >= map.x && mark.x + mark.width <= map.x + map.width && mark.y >= map.y && mark.y + mark.height <= map.y + map.height).toBe(true);
    await showTab("Invest");
    const build = (await page.locator('[data-testid="invest-builds"] tbody tr').first().textContent()) ?? "";
    for (const part of ["plant-g", "2026-01", "2026-03", "60", money(18_000)]) expect(build).toContain(part);
    await page.screenshot({ path: join(shots, "new-site-invest.png"), fullPage: true });
  }, 120_000);

  test("the console has no errors", () => {
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  });
});
