// The run's stress test at more than one date (RunResult.stressByDate): each entry is the stress engine's
// own result at that date, called here directly on a plan made here, and the rule's date is `stress` itself.
// The tutorial, run over 18 months (2026-01 .. 2027-06) so that two calendar years start in its horizon.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadScenarioText, normalize } from "../src/model/index.js";
import { plan } from "../src/plan/index.js";
import { executeRun } from "../src/run/run.js";
import { type StressResult, stress } from "../src/stress/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A result as JSON carries it (a TTS at least the cap reads null). */
const comparable = (s: StressResult) => JSON.parse(JSON.stringify(s)) as StressResult;

describe("stressByDate in a run", () => {
  test("the rule's date is `stress` at that date; each year's start is the stress engine at that date", async () => {
    const text = readFileSync(join(ROOT, "scenarios/tutorial.yaml"), "utf8").replace("periods: 12, bucket: month", "periods: 18, bucket: month");
    const loaded = loadScenarioText(text, "tutorial-18.yaml");
    if (!loaded.ok) throw new Error("does not load");
    const net = normalize(loaded.scenario);
    expect(net.periods[net.T - 1]).toBe("2027-06");
    const r = await executeRun({ file: "tutorial-18.yaml", text, scenario: loaded.scenario, network: net }, { kinds: ["plan", "stress"], threads: 1 });
    const byDate = r.stressByDate ?? [];

    // Independently: the same plan, and the stress engine at its own rule's date.
    const p = await plan(net);
    expect(p.status).toBe("optimal");
    const atRule = await stress(net, { plan: p });
    expect(atRule.periodRule).toMatch(/^the period of highest planned output/);

    // The dates, by hand: 2026-01 (a wafer started then is a server by 2026-06, the first month demand can
    // be met, so the plan starts wafers then), 2027-01 (30 servers a month are still wanted and delivered),
    // and the rule's date, in period order.
    const expected = [...new Set(["2026-01", "2027-01", atRule.period])].sort();
    expect(byDate.map((s) => s.period)).toEqual(expected);

    const primary = byDate.filter((s) => s.primary);
    expect(primary.length).toBe(1);
    expect(primary[0].period).toBe(atRule.period);
    const { primary: _p, ...rest } = primary[0];
    expect(comparable(rest)).toEqual(comparable(atRule));
    // ... and the run's `stress` is that same result.
    expect(comparable(r.stress as StressResult)).toEqual(comparable(atRule));

    // Each year's start: the engine at that date, with the same options, under its own rule's words.
    for (const s of byDate.filter((x) => !x.primary)) {
      const direct = await stress(net, { at: s.period, plan: p });
      const { primary: _q, ...dated } = s;
      expect(dated.periodRule).toBe(`the first period of ${s.period.slice(0, 4)} in the horizon`);
      expect(comparable(dated)).toEqual({ ...comparable(direct), periodRule: dated.periodRule });
      expect(dated.nodes.length).toBeGreaterThan(0);
    }
  });
});
