// Every number readable and consistent, through the built CLI on the three shipped scenarios: no
// command prints a number in scientific notation, the presentation fixes of issue 17 hold, and each
// run's report reads well in Chromium at 1440 and 390 px (screenshots in test-artifacts/screenshots/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readabilityProblems, VIEWPORTS } from "./visual.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "bin/waferline.js");
const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(ROOT, "test-artifacts/screenshots");
const SCENARIOS = ["tutorial", "taiwan-baseline", "us-ai-onshoring-2025"] as const;

const dir = mkdtempSync(join(tmpdir(), "wl-readable-"));
const env = { ...process.env, NO_COLOR: "1", WAFERLINE_DB: join(dir, "runs.db") };
const waferline = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 240_000 });

/** A number written as 1.78736e+1 or 6.5E7; run ids and hashes are taken out first (their hex may look like one). */
const SCIENTIFIC = /(?<![\w.])[-+−]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])/;
const scrub = (text: string) => text.replace(/\b\d{8}-\d{6}-\d+-[0-9a-f]{6}\b/g, "RUN").replace(/\b[0-9a-f]{12,64}\b/g, "HASH");

const outputs: { command: string; stdout: string }[] = [];
const runs = new Map<string, { id: string; report: string }>();

// One run of each scenario, as a person runs it: its screen is checked below, its report in Chromium.
// The Taiwan baseline skips the tornado (the other two draw it), to keep the test short.
beforeAll(() => {
  for (const name of SCENARIOS) {
    const r = waferline("run", name, "--trials", "200", "--threads", "2", "--out", join(dir, "out"), ...(name === "taiwan-baseline" ? ["--no-sensitivity"] : []));
    expect(r.status, r.stderr).toBe(0);
    outputs.push({ command: `run ${name}`, stdout: r.stdout });
    const id = /^run (\S+):/m.exec(r.stdout)?.[1] as string;
    const report = /^report: (.+)$/m.exec(r.stdout)?.[1] as string;
    runs.set(name, { id, report });
  }
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("no number in scientific notation", () => {
  test("run, validate, plan, mrp, simulate and stress on every shipped scenario; runs list, show and compare", () => {
    const commands: string[][] = [];
    for (const name of SCENARIOS) {
      commands.push(["validate", name], ["plan", name], ["mrp", name], ["simulate", name, "--trials", "100", "--threads", "1"], ["stress", name]);
    }
    const [a, b, c] = SCENARIOS.map((n) => runs.get(n)?.id as string);
    commands.push(["runs", "list"], ["runs", "show", a], ["runs", "show", c], ["runs", "compare", a, c], ["runs", "compare", b, c]);
    for (const args of commands) {
      const r = waferline(...args);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      outputs.push({ command: args.join(" "), stdout: r.stdout });
    }
    for (const { command, stdout } of outputs) {
      const hit = SCIENTIFIC.exec(scrub(stdout));
      expect(hit?.[0], `waferline ${command} printed ${hit?.[0]}`).toBeUndefined();
    }
  }, 600_000);

  test("runs compare prints money with a typographic minus and scale, shares' deltas in points", () => {
    const tutorial = runs.get("tutorial")?.id as string;
    const onshoring = runs.get("us-ai-onshoring-2025")?.id as string;
    const out = waferline("runs", "compare", onshoring, tutorial).stdout;
    // b − a of a simulated mean in dollars: tutorial (tens of millions) less the default (about a trillion and a half).
    expect(out).toMatch(/simulate\.deliveredValueUsd\.mean\s+\$1,\d{3}\.\dB\s+\$\d+\.\dM\s+−\$1,\d{3}\.\dB\s+−\d+\.\d%/);
    expect(out).toMatch(/plan\.onshoreValueShare\s+\d+\.\d%\s+\d+\.\d%\s+[+−]\d+\.\d pp/);
    expect(out).not.toMatch(/\$-|-\$/);
  });
});

describe("CLI presentation", () => {
  test("mrp on the default scenario says in one line that unbounded demand leaves nothing to explode", () => {
    const r = waferline("mrp");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(2); // the heading and the one line
    expect(lines[1]).toMatch(/^Nothing to explode: demand gb200-us, gb300-us, vr-us are unbounded/);
    // The tutorial's scheduled demand still gets its table.
    expect(waferline("mrp", "tutorial").stdout).toContain("Planned order releases");
  });

  test("run --help says the sensitivity tornado takes most of the time and how to skip it", () => {
    const help = waferline("run", "--help").stdout;
    expect(help).toContain("--no-sensitivity");
    expect(help).toMatch(/sensitivity tornado takes most of a run/);
  });

  test("run --no-sensitivity leaves the tornado out and says so", () => {
    const r = waferline("run", "tutorial", "--trials", "100", "--threads", "1", "--no-sensitivity", "--out", join(dir, "out"), "--json");
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sensitivity).toBeUndefined();
    expect(doc.durationsMs.sensitivity).toBeUndefined();
    expect(doc.plan.status).toBe("optimal");
  });
});

describe.skipIf(!existsSync(CHROMIUM))("the report in Chromium", () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  test.each(SCENARIOS)("%s: readable at 1440 and 390 px, no console errors, the target line on its axis, the solver's version", async (name) => {
    const run = runs.get(name);
    if (!run || !browser) throw new Error("no run");
    for (const vp of VIEWPORTS) {
      const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`file://${run.report}`);
      const problems = await readabilityProblems(page);
      await page.screenshot({ path: join(SHOTS, `report-${name}-${vp.width}.png`), fullPage: true });
      expect(problems, `${name} at ${vp.width} px`).toEqual([]);
      expect(errors).toEqual([]);
      // Each chart shows once: the desktop drawing or the phone one.
      const visibleCharts = await page.locator("figure.chart svg:visible").count();
      expect(visibleCharts).toBe(await page.locator("figure.chart").count());
      // The target's line and label are drawn, inside the fan chart.
      const target = page.locator("figure.chart svg:visible text", { hasText: /^target \$[\d.,]+[BMk] by \d{4}-\d{2}$/ });
      expect(await target.count()).toBe(1);
      await page.close();
    }
    // The reproduce block names the solver by the version the loaded runtime reports.
    expect(readFileSync(run.report, "utf8")).toMatch(/<td>HiGHS<\/td><td>1\.\d+\.\d+ \(npm highs \d+\.\d+\.\d+\)<\/td>/);
  }, 120_000);
});
