// The dashboard's What-if view in a real browser (Debian chromium, never downloaded) against `waferline
// serve` with its own store: on the tutorial, scale a capacity and apply it, save the edit as a variant,
// reload, compare it with its parent; change a price in the grid (checked as it is typed), apply it and
// save it; then the view's readability at 1440 and 390 px. Every figure on
// screen is checked against the API called from here (a session of its own) and, where short, by hand.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { money } from "../src/format/index.js";
import { bin, root, type Served, startServe, stopServe } from "./serve-harness.js";
import { readabilityProblems, VIEWPORTS } from "./visual.js";

const CHROMIUM = "/usr/bin/chromium";
const shots = join(root, "test-artifacts/screenshots");
const VARIANT = "tutorial-half-assembly";

let dir = "";
let served: Served | undefined;
let base = "";
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];

async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(r.ok, `${path}: ${r.status}`).toBe(true);
  return (await r.json()) as T;
}

interface WhatIfAnswer {
  id: string;
  warm: boolean;
  plan: { kpis: { deliveredValueUsd: number }; targets: { madeValueUsd: number; met: boolean }[] };
}

/**
 * On first open with an empty store the dashboard starts a 2,000-trial run of the default scenario; this
 * test needs none of it, so it is cancelled (the machine is shared and slow).
 */
async function cancelDefaultRun(): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const list = (await (await fetch(`${base}/api/runs?status=running&limit=5`)).json()) as { runs: { id: string }[] };
    if (list.runs.length) {
      for (const r of list.runs) await fetch(`${base}/api/runs/${r.id}`, { method: "DELETE" });
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openWhatIf(): Promise<void> {
  await page.goto(`${base}/#What-if`);
  await page.waitForSelector('section[aria-label="What-if"]', { timeout: 30_000 });
  await cancelDefaultRun();
}

/** The page reloaded, on the What-if view again, once it lists the variant `name`. */
async function reloadListing(name: string): Promise<void> {
  await page.reload();
  await page.waitForSelector('section[aria-label="What-if"]', { timeout: 30_000 });
  await cancelDefaultRun();
  await page.waitForSelector(`[data-testid="variants-table"] tr[data-variant="${name}"]`, { timeout: 30_000 });
}

const cell = async (key: string, side: string) => ((await page.locator(`[data-testid="whatif-kpis"] tr[data-key="${key}"] td[data-side="${side}"]`).textContent()) ?? "").trim();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  // test/global-setup.ts built the CLI and the dashboard (dist/web) once.
  expect(existsSync(join(root, "dist/web/index.html"))).toBe(true);
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "waferline-whatif-ui-"));
  served = await startServe(["--port", "0"], { WAFERLINE_DB: join(dir, "runs.db"), WAFERLINE_TOKEN: undefined }, dir);
  base = served.base;
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
  if (served) await stopServe(served);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))("dashboard: What-if", () => {
  test("a capacity scaled on the tutorial shows the plan the API answers for the same edit", async () => {
    await openWhatIf();
    await page.selectOption('select[aria-label="what-if source"]', "scenario:tutorial");
    await page.waitForSelector('[data-testid="whatif-kpis"]', { timeout: 60_000 });

    // The same what-if, asked directly: a session of the test's own.
    const own = await post<WhatIfAnswer>("/api/whatif", { scenario: "tutorial" });
    const baseTarget = own.plan.targets[0];
    expect(await cell("made", "base")).toBe(money(baseTarget.madeValueUsd));
    expect(await cell("met", "base")).toBe(baseTarget.met ? "met" : "not met");
    expect(await cell("delivered", "base")).toBe(money(own.plan.kpis.deliveredValueUsd));
    // By hand (test/dashboard.test.ts): 170 servers at $400,000 = $68.0M delivered.
    expect(await cell("delivered", "base")).toBe("$68.0M");

    // Server assembly halved from 2026-03.
    await page.fill('input[aria-label="factor asm-us-lines"]', "0.5");
    await page.selectOption('select[aria-label="from asm-us-lines"]', "2026-03");
    await page.click('[data-testid="whatif-apply"]');
    await page.waitForSelector('[data-testid="whatif-kpis"] td[data-side="whatif"]', { timeout: 60_000 });

    const edited = await post<WhatIfAnswer>(`/api/whatif/${own.id}`, { capacity: [{ resource: "asm-us-lines", from: "2026-03", factor: 0.5 }] });
    expect(edited.warm).toBe(true);
    const t = edited.plan.targets[0];
    expect(await cell("made", "whatif")).toBe(money(t.madeValueUsd));
    expect(await cell("met", "whatif")).toBe(t.met ? "met" : "not met");
    expect(await cell("delivered", "whatif")).toBe(money(edited.plan.kpis.deliveredValueUsd));
    expect(await cell("made", "delta")).toBe(money(t.madeValueUsd - baseTarget.madeValueUsd, { sign: true }));
    expect(await cell("delivered", "delta")).toBe(money(edited.plan.kpis.deliveredValueUsd - own.plan.kpis.deliveredValueUsd, { sign: true }));
    // By hand: the first GPUs reach Texas in 2026-05, so servers are started in 2026-05..11 (out
    // 2026-06..12), now 15 a month (30 x 0.5), below demand each month: 7 x 15 = 105 servers at
    // $400,000 = $42.0M, $26.0M less than the base.
    expect(await cell("delivered", "whatif")).toBe("$42.0M");
    expect(await cell("delivered", "delta")).toBe("−$26.0M");
    // The solve time is shown: a warm re-solve.
    const timing = (await page.textContent('[data-testid="whatif-timing"]')) ?? "";
    expect(timing).toContain("warm re-solve");
    expect(timing).toMatch(/\d+ ms/);
    expect(await page.locator('[data-testid="no-events"]').count()).toBe(1); // the tutorial's library is empty
    await page.screenshot({ path: join(shots, "whatif-applied.png"), fullPage: true });
    await fetch(`${base}/api/whatif/${own.id}`, { method: "DELETE" });
  }, 180_000);

  test("the edit saved as a variant is written into its YAML, and a reload still lists it", async () => {
    await page.fill('input[aria-label="variant name"]', VARIANT);
    await page.click('[data-testid="variant-save"]');
    await page.waitForSelector(`[data-testid="variants-table"] tr[data-variant="${VARIANT}"]`, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="variant-note"]')).toContain("asm-us-lines = 15 from 2026-03");
    // Stored on the server with its parent, the built-in it was branched from.
    const stored = (await (await fetch(`${base}/api/variants/${VARIANT}`)).json()) as { text: string; parent: { kind: string; ref: string | null } };
    expect(stored.parent).toEqual({ kind: "builtin", ref: "tutorial" });
    // Its plan, opened as a what-if of its own, is the edited plan: $42.0M (by hand, above).
    const v = await post<WhatIfAnswer>("/api/whatif", { variant: VARIANT });
    expect(v.plan.kpis.deliveredValueUsd).toBeCloseTo(42_000_000, 0);
    await fetch(`${base}/api/whatif/${v.id}`, { method: "DELETE" });

    await reloadListing(VARIANT);
    const href = await page.getAttribute(`tr[data-variant="${VARIANT}"] a`, "href");
    const exported = await fetch(`${base}${href}`);
    expect(exported.headers.get("content-disposition")).toContain(`${VARIANT}.yaml`);
    expect(await exported.text()).toBe(stored.text);
  }, 120_000);

  test("compare with the parent shows the changed input with its line, the KPI change and no warning", async () => {
    await page.fill('input[aria-label="compare trials"]', "100");
    await page.click(`tr[data-variant="${VARIANT}"] [data-testid="variant-compare"]`);
    await page.waitForSelector('[data-testid="compare-result"]', { timeout: 120_000 });
    const stored = (await (await fetch(`${base}/api/variants/${VARIANT}`)).json()) as { text: string };
    // The one input changed: asm-us-lines' second level step, new in the variant, at its line there.
    const rows = page.locator('[data-testid="compare-inputs"] tbody tr');
    expect(await rows.count()).toBe(1);
    const path = "resources[asm-us-lines].levels[1]";
    expect(await rows.first().getAttribute("data-path")).toBe(path);
    const lineB = stored.text.split("\n").findIndex((l) => /level: 15\b/.test(l)) + 1;
    expect(lineB).toBeGreaterThan(0);
    const row = ((await rows.first().textContent()) ?? "").replace(/\s+/g, " ");
    expect(row).toContain(`– / ${lineB}`);
    expect(((await page.locator('[data-testid="compare-inputs"] td[data-side="b"]').textContent()) ?? "").replace(/\s+/g, "")).toContain('"level":15');
    // The plan's delivered value, by hand (first test): $42.0M against $68.0M.
    const kpi = (await page.locator('[data-testid="compare-kpis"] tr[data-key="plan.deliveredValueUsd"]').textContent()) ?? "";
    for (const part of ["$68.0M", "$42.0M", "−$26.0M"]) expect(kpi).toContain(part);
    // Same trials (100) and seed (the tutorial's) on both sides: nothing to warn about.
    expect(await page.locator('[data-testid="compare-warnings"]').count()).toBe(0);
    await page.screenshot({ path: join(shots, "whatif-compare.png"), fullPage: true });
  }, 180_000);

  test("the event picker lists the default scenario's library; a picked event is applied as the API applies it", async () => {
    const library = (await (await fetch(`${base}/api/scenarios/us-ai-onshoring-2025/events`)).json()) as { events: { name: string }[] };
    expect(library.events.length).toBeGreaterThan(0);
    await page.selectOption('select[aria-label="what-if source"]', "scenario:us-ai-onshoring-2025");
    await page.waitForSelector('[data-testid="event-picker"]', { timeout: 120_000 });
    const names = await page.$$eval('[data-testid="event-picker"] input[type="checkbox"]', (xs) => xs.map((x) => (x.getAttribute("aria-label") ?? "").replace(/^event /, "")));
    expect(names).toEqual(library.events.map((e) => e.name));
    const event = "sk-hynix-fab-fire";
    await page.check(`input[aria-label="event ${event}"]`);
    await page.click('[data-testid="whatif-apply"]');
    await page.waitForSelector('[data-testid="whatif-kpis"] td[data-side="whatif"]', { timeout: 120_000 });
    const own = await post<WhatIfAnswer>("/api/whatif", { scenario: "us-ai-onshoring-2025" });
    const hit = await post<WhatIfAnswer & { events: { replans: { from: string }[] } }>(`/api/whatif/${own.id}`, { events: [event] });
    expect(await cell("delivered", "base")).toBe(money(own.plan.kpis.deliveredValueUsd));
    expect(await cell("delivered", "whatif")).toBe(money(hit.plan.kpis.deliveredValueUsd));
    expect(await cell("made", "whatif")).toBe(money(hit.plan.targets[0].madeValueUsd));
    const timing = (await page.textContent('[data-testid="whatif-timing"]')) ?? "";
    expect(timing).toContain(`events ${event} (a surprise)`);
    for (const r of hit.events.replans) expect(timing).toContain(r.from);
    await fetch(`${base}/api/whatif/${own.id}`, { method: "DELETE" });
    await page.screenshot({ path: join(shots, "whatif-event.png"), fullPage: true });

    // Compared with and without the event (a few trials: the plan's figures do not depend on them).
    await page.fill('input[aria-label="compare trials"]', "20");
    await page.click('[data-testid="events-compare"]');
    await page.waitForFunction((e) => document.querySelector('[data-testid="compare-title"]')?.textContent?.includes(`with ${e}`), event, { timeout: 180_000 });
    const input = page.locator('[data-testid="compare-inputs"] tbody tr');
    expect(await input.count()).toBe(1);
    expect(await input.first().getAttribute("data-path")).toBe("events applied");
    expect(await page.locator('[data-testid="compare-inputs"] td[data-side="b"]').textContent()).toBe(event);
    // The comparison's plan (a cold plan with the rolling re-plan) moves as the warm what-if did.
    const row = (await page.locator('[data-testid="compare-kpis"] tr[data-key="plan.deliveredValueUsd"]').textContent()) ?? "";
    expect(row).toContain(money(hit.plan.kpis.deliveredValueUsd - own.plan.kpis.deliveredValueUsd, { sign: true }));
  }, 300_000);

  test("the Taiwan blockade picked and applied: the map shows every lane from or to Taiwan closed and its sites down; a variant saved with it keeps it after a reload", async () => {
    const event = "taiwan-blockade-2027";
    // Still on us-ai-onshoring-2025 (the test above): the fab fire off, the blockade on.
    await page.uncheck('input[aria-label="event sk-hynix-fab-fire"]');
    await page.check(`input[aria-label="event ${event}"]`);
    await page.click('[data-testid="whatif-apply"]');
    await page.waitForFunction((e) => document.querySelector('[data-testid="whatif-timing"]')?.textContent?.includes(`events ${e} `), event, { timeout: 180_000 });
    await page.waitForSelector('[data-testid="whatif-map"] [data-testid="map-events"]', { timeout: 30_000 });

    // By hand from the network: a blockade closes every lane from or to the country, and takes down each of its sites with capacity.
    const { network } = (await (await fetch(`${base}/api/scenarios/us-ai-onshoring-2025`)).json()) as { network: { periods: string[]; sites: { id: string; country: string }[]; lanes: { id: string; from: string; to: string }[]; resources: { site: string }[] } };
    const tw = new Set(network.sites.filter((s) => s.country === "TW").map((s) => s.id));
    const twLanes = network.lanes.filter((l) => tw.has(l.from) || tw.has(l.to)).map((l) => l.id).sort();
    const twWithCapacity = [...new Set(network.resources.map((r) => r.site).filter((s) => tw.has(s)))].sort();
    expect(twLanes.length).toBeGreaterThan(0);
    expect(twWithCapacity.length).toBeGreaterThan(0);

    const legend = page.locator('[data-testid="whatif-map"] [data-testid="map-events"]');
    // The map opens on the blockade's first month.
    expect(await legend.getAttribute("data-month")).toBe("2027-01");
    expect(((await legend.getAttribute("data-lanes-closed")) ?? "").split(" ").sort()).toEqual(twLanes);
    expect(((await legend.getAttribute("data-sites-down")) ?? "").split(" ").sort()).toEqual(twWithCapacity);
    const drawn = await page.$$eval('[data-testid="whatif-map"] svg.map path.lane[data-state="closed"]', (xs) => xs.map((x) => x.getAttribute("data-lane") ?? "").sort());
    expect(drawn).toEqual(twLanes);
    expect(await page.locator('[data-testid="whatif-map"] svg.map path.lane:not([data-state])').count()).toBe(network.lanes.length - twLanes.length);
    expect(await page.textContent('[data-testid="whatif-map"] [data-testid="legend-lanes-closed"]')).toContain(`lane closed (${twLanes.length})`);
    for (const s of twWithCapacity) {
      expect(await page.locator(`[data-testid="whatif-map"] svg.map g.site-down[data-site="${s}"]`).count()).toBe(1);
      expect(((await page.textContent(`[data-testid="map-event-sites"] tr[data-site="${s}"]`)) ?? "").replace(/\s+/g, " ")).toContain("100.0%");
    }
    // After the blockade's 12 months (2027-01..12) the lanes are open again.
    expect(network.periods.indexOf("2028-01")).toBeGreaterThan(0);
    await page.locator('[data-testid="whatif-map"] input[aria-label="month"]').fill(String(network.periods.indexOf("2028-01")));
    expect(await page.locator('[data-testid="whatif-map"] svg.map path.lane[data-state="closed"]').count()).toBe(0);
    expect(await legend.getAttribute("data-lanes-closed")).toBe("");
    await page.click('[data-testid="whatif-map"] .stretches button[data-from="2027-01"]');
    expect(await page.locator('[data-testid="whatif-map"] svg.map path.lane[data-state="closed"]').count()).toBe(twLanes.length);
    await page.screenshot({ path: join(shots, "whatif-blockade-map.png"), fullPage: true });

    // Saved as a variant: its YAML names the event in its whatIf block, so every run of it applies it.
    const name = "onshoring-tw-blockade";
    await page.fill('input[aria-label="variant name"]', name);
    await page.click('[data-testid="variant-save"]');
    await page.waitForSelector(`[data-testid="variants-table"] tr[data-variant="${name}"]`, { timeout: 30_000 });
    const stored = (await (await fetch(`${base}/api/variants/${name}`)).json()) as { text: string };
    expect(stored.text).toMatch(new RegExp(`^whatIf: \\{ events: \\[${event}\\], foresight: false \\}$`, "m"));

    await reloadListing(name);
    await page.click(`tr[data-variant="${name}"] button:text-is("open")`);
    await page.waitForSelector('[data-testid="whatif-map"] [data-testid="map-events"]', { timeout: 180_000 });
    // Opened, with nothing applied: the event is in force (checked, not to be unchecked) and on the map.
    const box = page.locator(`input[aria-label="event ${event}"]`);
    expect(await box.isChecked()).toBe(true);
    expect(await box.isDisabled()).toBe(true);
    const reopened = await page.$$eval('[data-testid="whatif-map"] svg.map path.lane[data-state="closed"]', (xs) => xs.map((x) => x.getAttribute("data-lane") ?? "").sort());
    expect(reopened).toEqual(twLanes);
  }, 400_000);

  test("a price changed in the grid moves the delivered value by the plan's deliveries times the difference; saved as a variant, a reload still has it", async () => {
    // Independently of the dashboard and the what-if API: the tutorial's price from its YAML, and the
    // deliveries of the CLI's plan of the same scenario (`plan --json`).
    const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");
    const oldPrice = Number(/^ {4}priceUsd: (\d+)$/m.exec(tutorial)?.[1]);
    expect(oldPrice).toBe(400_000);
    const cli = spawnSync(process.execPath, [bin, "plan", join(root, "scenarios/tutorial.yaml"), "--json"], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(cli.status, cli.stderr).toBe(0);
    const plan = JSON.parse(cli.stdout) as { deliveries: { demand: string; quantity: number[] }[] };
    expect(plan.deliveries.map((d) => d.demand)).toEqual(["us-servers"]);
    const units = plan.deliveries[0].quantity.reduce((a, b) => a + b, 0);
    expect(units).toBe(170); // by hand, as in the first test
    const newPrice = 500_000;
    // A price is a cost of the LP, not a bound: the plan's deliveries (capped by demand) stay as they are,
    // so the delivered value moves by the units times the price difference: 170 x $100,000 = +$17.0M.
    const before = units * oldPrice;
    const after = units * newPrice;

    await page.selectOption('select[aria-label="what-if source"]', "scenario:tutorial");
    await page.waitForSelector('[data-testid="demand-grid"] tr[data-demand="us-servers"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="whatif-kpis"]', { timeout: 60_000 });
    expect(await cell("delivered", "base")).toBe(money(before));
    const price = '[data-testid="price-input-us-servers"]';
    expect(await page.getAttribute(price, "placeholder")).toBe(String(oldPrice));

    // Checked as it is typed: a non-number, a negative factor and a period outside the horizon each say
    // so beside the field, and are not sent.
    await page.fill(price, "5oo000");
    expect(await page.textContent('[data-testid="price-problem-us-servers"]')).toBe("not a number");
    await page.fill('[data-testid="demand-factor-us-servers"]', "-1");
    expect(await page.textContent('[data-testid="demand-factor-problem-us-servers"]')).toBe("must not be negative");
    await page.fill('[data-testid="demand-from-us-servers"]', "2027-01");
    expect(await page.textContent('[data-testid="demand-from-problem-us-servers"]')).toContain("'2027-01' is not a period of the scenario");
    await page.click('[data-testid="whatif-apply"]');
    await page.waitForSelector('[data-testid="whatif-kpis"] td[data-side="whatif"]', { timeout: 60_000 });
    // Nothing was sent: the what-if is the base.
    expect(await cell("delivered", "whatif")).toBe(money(before));
    expect(await page.textContent('[data-testid="whatif-timing"]')).not.toContain("us-servers");

    await page.fill('[data-testid="demand-factor-us-servers"]', "");
    await page.fill('[data-testid="demand-from-us-servers"]', "");
    await page.fill(price, "500,000");
    expect(await page.locator('[data-testid="demand-grid"] .field-problem').count()).toBe(0);
    await page.click('[data-testid="whatif-apply"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="whatif-timing"]')?.textContent?.includes("us-servers at"), undefined, { timeout: 60_000 });
    expect(await cell("delivered", "whatif")).toBe(money(after));
    expect(await cell("delivered", "delta")).toBe(money(after - before, { sign: true }));
    expect(await cell("delivered", "whatif")).toBe("$85.0M");
    expect(await cell("delivered", "delta")).toBe("+$17.0M");

    const name = "tutorial-price-500k";
    await page.fill('input[aria-label="variant name"]', name);
    await page.click('[data-testid="variant-save"]');
    await page.waitForSelector(`[data-testid="variants-table"] tr[data-variant="${name}"]`, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="variant-note"]')).toContain(`us-servers price = ${money(newPrice)}`);
    // Its YAML: the tutorial with that one figure rewritten in place.
    const stored = (await (await fetch(`${base}/api/variants/${name}`)).json()) as { text: string };
    expect(stored.text).toBe(tutorial.replace(`priceUsd: ${oldPrice}\n`, `priceUsd: ${newPrice}\n`));

    await reloadListing(name);
    await page.click(`tr[data-variant="${name}"] button:text-is("open")`);
    await page.waitForSelector('[data-testid="demand-grid"] tr[data-demand="us-servers"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="whatif-kpis"]', { timeout: 60_000 });
    // The variant holds the new price: its grid starts from it, and its base plan delivers at it.
    expect(await page.getAttribute(price, "placeholder")).toBe(String(newPrice));
    expect(await page.inputValue(price)).toBe("");
    expect(await cell("delivered", "base")).toBe(money(after));
    await page.screenshot({ path: join(shots, "whatif-price.png"), fullPage: true });
  }, 240_000);

  test("compare warns when the variant's seed differs from its parent's", async () => {
    // A variant made through the API: the tutorial with seed 8 instead of 7.
    const name = "tutorial-seed-8";
    await post("/api/variants", { name, from: { scenario: "tutorial" } });
    const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");
    expect(tutorial).toMatch(/^seed: 7$/m);
    const put = await fetch(`${base}/api/variants/${name}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: tutorial.replace(/^seed: 7$/m, "seed: 8") }) });
    expect(put.status).toBe(200);
    // Another tab and back: the view lists the variants again.
    await page.click('button[data-tab="Runs"]');
    await page.click('button[data-tab="What-if"]');
    await page.waitForSelector(`tr[data-variant="${name}"]`, { timeout: 30_000 });
    await page.fill('input[aria-label="compare trials"]', "50");
    await page.click(`tr[data-variant="${name}"] [data-testid="variant-compare"]`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="compare-title"]')?.textContent?.startsWith(n), name, { timeout: 120_000 });
    const seedRow = page.locator('[data-testid="compare-inputs"] tr[data-path="seed"]');
    expect(((await seedRow.textContent()) ?? "").replace(/\s+/g, " ")).toContain("6 / 6"); // line 6 of both texts
    const warnings = (await page.locator('[data-testid="compare-warnings"]').textContent()) ?? "";
    expect(warnings).toContain("seed");
    expect(warnings).toContain("7 against 8");
  }, 180_000);

  test("the What-if view reads well at 1440x900 and 390x844, and the console has no errors", async () => {
    // Everything on screen at once: the variant opened and edited, beside the comparison above.
    await page.click(`tr[data-variant="${VARIANT}"] button:text-is("open")`);
    await page.waitForSelector('[data-testid="capacity-grid"] tr[data-resource="asm-us-lines"]', { timeout: 60_000 });
    await page.fill('input[aria-label="factor fab-tw-starts"]', "0.8");
    await page.click('[data-testid="whatif-apply"]');
    await page.waitForSelector('[data-testid="whatif-kpis"] td[data-side="whatif"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="compare-result"]').count()).toBe(1);
    const problems: string[] = [];
    for (const vp of VIEWPORTS) {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await page.waitForTimeout(400);
      for (const p of await readabilityProblems(page)) problems.push(`What-if at ${vp.width} px: ${p}`);
      await page.screenshot({ path: join(shots, `dashboard-whatif-${vp.width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  }, 60_000);

  test("a variant deleted from the list is gone from the store", async () => {
    await page.click(`tr[data-variant="${VARIANT}"] [data-testid="variant-delete"]`);
    await page.waitForSelector(`tr[data-variant="${VARIANT}"]`, { state: "detached", timeout: 30_000 });
    expect((await fetch(`${base}/api/variants/${VARIANT}`)).status).toBe(404);
    const list = (await (await fetch(`${base}/api/variants`)).json()) as { variants: { name: string }[] };
    expect(list.variants.map((v) => v.name)).not.toContain(VARIANT);
  }, 60_000);
});
