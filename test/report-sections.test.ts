// The report's first screen and later sections in Chromium, against the run's own result.json read here:
// the target card (the plan's figure, cost-driven routing's, P(target), the reconciliation), the limits
// tables, the stress table's lost-target column and its date control, what it would take (the build plan or the sentence that
// nothing needs building, and the frontier) and the products with their periods of demand (these from
// the scenario file itself). The toy of test/fixtures/invest/two-sites.yaml has a build plan known by hand.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { money, percent } from "../src/format/index.js";
import { readabilityProblems, VIEWPORTS } from "./visual.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "bin/waferline.js");
const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(ROOT, "test-artifacts/screenshots");
const dir = mkdtempSync(join(tmpdir(), "wl-report-sections-"));
const env = { ...process.env, NO_COLOR: "1", WAFERLINE_DB: join(dir, "runs.db") };

interface Reconciliation {
  deliveredValueUsd: number;
  assembledValueUsd: number;
  manufacturingContentUsd: number;
  ownedMarginUsd: number;
}
interface Target {
  id: string;
  valueUsd: number;
  madeValueUsd: number;
  by: string;
  countries: string[];
  reconciliation: Reconciliation;
}
interface Limit {
  resource: string;
  plusTenPercentUsd: number;
}
interface Result {
  plan: { objective: string; targets: Target[]; limits: { target: Limit[]; total: Limit[] } };
  costRouted: { targets: Target[] };
  simulation: { probabilityTargetMet: number; trials: number };
  stress: { period: string; nodes: { id: string; lostTargetValueUsd: number | null }[] };
  stressByDate: { period: string; primary: boolean; reading: string; nodes: { id: string; lostValueUsd: number; lostTargetValueUsd: number | null; riskExposureIndex: number }[] }[];
  invest: {
    status: string;
    target: { valueUsd: number };
    builds: { option: string; decision: string; firstOutput: string; size: number; capexUsd: number }[];
    capexUsd: number;
    baselineValueUsd: number;
    frontier: { share: number; targetValueUsd: number; capexUsd: number | null }[];
  };
}

function run(scenario: string, ...extra: string[]): { result: Result; report: string } {
  const r = spawnSync(process.execPath, [CLI, "run", scenario, "--out", join(dir, "out"), "--json", ...extra], { cwd: ROOT, env, encoding: "utf8", timeout: 400_000 });
  expect(r.status, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { dir: string };
  // The figures come from the file the run wrote, not from the report.
  return { result: JSON.parse(readFileSync(join(doc.dir, "result.json"), "utf8")) as Result, report: join(doc.dir, "report.html") };
}

let browser: Browser | undefined;
let page: Page;
let main: { result: Result; report: string };
let toy: { result: Result; report: string };

beforeAll(async () => {
  main = run("us-ai-onshoring-2025", "--trials", "200", "--threads", "2", "--no-sensitivity");
  toy = run("test/fixtures/invest/two-sites.yaml", "--trials", "50", "--threads", "1", "--no-sensitivity");
  if (!existsSync(CHROMIUM)) return;
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless", "--disable-gpu"] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();

describe.skipIf(!existsSync(CHROMIUM))("the report's sections", () => {
  test("the target card on the first screen: the target, what the plan makes, cost-driven routing, P(target), the reconciliation", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`file://${main.report}`);
    const r = main.result;
    const t = r.plan.targets[0];
    const card = page.locator("#target-card");
    expect(await card.count()).toBe(1);
    // On the first screen: its top is within the first 900 px.
    expect((await card.boundingBox())?.y ?? 1e9).toBeLessThan(900);
    expect(await text("#target-card .card-head")).toContain(`${money(t.valueUsd)} of goods assembled in ${t.countries.join("+")} by ${t.by}`);
    expect(await text('#target-card [data-key="met"]')).toBe(t.madeValueUsd >= t.valueUsd ? "met" : "not met");
    expect(await text('#target-card tr[data-key="made"]')).toContain(money(t.madeValueUsd));
    expect(await text('#target-card tr[data-key="costRouted"]')).toContain(money(r.costRouted.targets[0].madeValueUsd));
    expect(await text('#target-card tr[data-key="probability"]')).toContain(percent(r.simulation.probabilityTargetMet));
    const c = t.reconciliation;
    expect(await text('#target-card [data-key="delivered"]')).toContain(money(c.deliveredValueUsd));
    expect(await text('#target-card [data-key="assembled"]')).toContain(money(c.assembledValueUsd));
    expect(await text('#target-card [data-key="manufacturing"]')).toContain(money(c.manufacturingContentUsd));
    expect(await text('#target-card [data-key="margins"]')).toContain(money(c.ownedMarginUsd));
    // Content is manufacturing content plus the margins owned there, summed here.
    expect(await text('#target-card [data-key="content"]')).toContain(money(c.manufacturingContentUsd + c.ownedMarginUsd));
  });

  test("the limits tables and the stress table's lost-target column", async () => {
    const r = main.result;
    for (const [id, list] of [
      ["#limits-target", r.plan.limits.target],
      ["#limits-total", r.plan.limits.total],
    ] as const) {
      const rows = page.locator(`${id} tr`);
      expect(await rows.count()).toBe(list.length + 1);
      for (let i = 0; i < list.length; i++) {
        const row = ((await rows.nth(i + 1).textContent()) ?? "").trim();
        expect(row).toContain(list[i].resource);
        expect(row).toContain(money(list[i].plusTenPercentUsd));
      }
    }
    const top = r.stress.nodes[0];
    expect(top.lostTargetValueUsd).not.toBeNull();
    expect(await page.locator("th", { hasText: `lost ${r.plan.targets[0].id}` }).count()).toBe(1);
    const row = page.locator("#risk-table tr", { has: page.locator(`td b:text-is("${top.id}")`) }).first();
    expect(await row.textContent()).toContain(money(top.lostTargetValueUsd));
  });

  test("the risk section's date control: each date shows that date's stress table", async () => {
    const dates = main.result.stressByDate;
    // The default scenario plans something from its first year on: more than one date to choose from.
    expect(dates.length).toBeGreaterThan(1);
    const primary = dates.find((d) => d.primary);
    expect(primary?.period).toBe(main.result.stress.period);
    const select = page.locator("#risk-date");
    expect(await select.locator("option").count()).toBe(dates.length);
    expect(await select.inputValue()).toBe(main.result.stress.period);
    /** The shown table's rows, against one date's nodes in the run's JSON: id, lost value, lost target, index. */
    const expectShows = async (d: (typeof dates)[number]) => {
      const rows = await page.$$eval("#risk-shown #risk-table tr", (trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim())));
      expect(rows.length, d.period).toBe(d.nodes.length);
      d.nodes.forEach((n, i) => {
        expect(rows[i][0].startsWith(n.id), `${d.period} row ${i}`).toBe(true);
        expect(rows[i]).toContain(money(n.lostValueUsd));
        if (n.lostTargetValueUsd !== null) expect(rows[i]).toContain(money(n.lostTargetValueUsd));
        expect(rows[i]).toContain(percent(n.riskExposureIndex));
      });
      expect(await text("#risk-shown p")).toBe(d.reading.replace(/\s+/g, " ").trim());
    };
    await expectShows(primary as (typeof dates)[number]);
    const other = dates.filter((d) => !d.primary);
    for (const d of other) {
      await select.selectOption(d.period);
      await expectShows(d);
    }
    // The dates differ: the first planned year's table is not the stress date's.
    const first = other[0];
    expect(first.nodes.map((n) => money(n.lostValueUsd))).not.toEqual(primary?.nodes.map((n) => money(n.lostValueUsd)));
    await select.selectOption(main.result.stress.period);
    await expectShows(primary as (typeof dates)[number]);
    await page.screenshot({ path: join(SHOTS, "report-risk-date.png"), fullPage: true });
  });

  test("what it would take, on the default scenario: nothing to build, what the network makes, and the frontier beyond it", async () => {
    const inv = main.result.invest;
    expect(inv.status).toBe("optimal");
    expect(inv.builds).toEqual([]);
    const answer = await text("#invest-answer");
    expect(answer).toContain("Nothing needs building");
    expect(answer).toContain(money(inv.baselineValueUsd));
    expect(await page.locator("#invest-builds").count()).toBe(0);
    const rows = page.locator("#invest-frontier tr");
    expect(await rows.count()).toBe(inv.frontier.length + 1);
    for (let i = 0; i < inv.frontier.length; i++) {
      const p = inv.frontier[i];
      const row = ((await rows.nth(i + 1).textContent()) ?? "").trim();
      expect(row).toContain(money(p.targetValueUsd));
      if (p.capexUsd !== null) expect(row).toContain(money(p.capexUsd));
    }
    // The chart is drawn: one picture for the width in use, with its title.
    const chart = page.locator("#invest figure .wide svg");
    expect(await chart.count()).toBe(1);
    expect(await chart.locator("text", { hasText: "least capital" }).count()).toBeGreaterThan(0);
  });

  test("the products and their periods of demand, as the scenario file states them", async () => {
    const s = parse(readFileSync(join(ROOT, "scenarios/us-ai-onshoring-2025.yaml"), "utf8")) as {
      horizon: { start: string; periods: number };
      items: { id: string; name: string }[];
      demand: { item: string; from?: string; until?: string }[];
    };
    const [y, m] = s.horizon.start.split("-").map(Number);
    const endIndex = y * 12 + (m - 1) + s.horizon.periods - 1;
    const end = `${Math.floor(endIndex / 12)}-${String((endIndex % 12) + 1).padStart(2, "0")}`;
    const rows = page.locator("#products tr");
    expect(await rows.count()).toBe(s.demand.length + 1);
    for (let i = 0; i < s.demand.length; i++) {
      const d = s.demand[i];
      const row = ((await rows.nth(i + 1).textContent()) ?? "").trim();
      expect(row).toContain(s.items.find((x) => x.id === d.item)?.name as string);
      expect(row).toContain(`${d.from ?? s.horizon.start}..${d.until ?? end}`);
    }
  });

  test("the toy's build plan: the fast option, 60 racks/month decided 2026-01, $18.0k", async () => {
    await page.goto(`file://${toy.report}`);
    // By hand (the fixture's header): only `fast` produces by 2026-12; 600 racks need 60 a month from
    // 2026-03, decided 2026-01 (lead time 2), at $300 per rack/month = $18,000.
    expect(toy.result.invest.builds.map((b) => b.option)).toEqual(["fast"]);
    const rows = page.locator("#invest-builds tr");
    expect(await rows.count()).toBe(2);
    const row = ((await rows.nth(1).textContent()) ?? "").replace(/\s+/g, " ");
    for (const part of ["fast", "2026-01", "2026-03", "60", money(18_000)]) expect(row).toContain(part);
    expect(await text("#invest-answer")).toContain(money(18_000));
    await page.screenshot({ path: join(SHOTS, "report-toy-invest.png"), fullPage: true });
  });

  test("both reports read well at 1440x900 and 390x844", async () => {
    const problems: string[] = [];
    for (const [name, file] of [
      ["default", main.report],
      ["toy", toy.report],
    ]) {
      for (const vp of VIEWPORTS) {
        await page.setViewportSize({ width: vp.width, height: vp.height });
        await page.goto(`file://${file}`);
        for (const p of await readabilityProblems(page)) problems.push(`${name} at ${vp.width} px: ${p}`);
        await page.screenshot({ path: join(SHOTS, `report-sections-${name}-${vp.width}.png`), fullPage: true });
      }
    }
    expect(problems).toEqual([]);
  });
});
