// The comparison report on tiny hand-made sides: a side without results says so where each chart or
// table would be, rankings of unequal length sit side by side, and labels are escaped.
import { describe, expect, it } from "vitest";
import type { Limit } from "../plan/index.js";
import { type CompareReportSide, compareReportHtml } from "./compare-html.js";

const limit = (resource: string, plusTenPercentUsd: number): Limit => ({ resource, unit: "units/month", from: "2026-01", to: "2026-03", periodsBinding: 3, shadowPriceUsd: 1, plusTenPercentUsd }) as Limit;

const simulated: CompareReportSide = {
  label: "base <v1>",
  file: "base.yaml",
  delivered: { periods: ["2026-01", "2026-02"], p10: [1e6, 2e6], p50: [1.5e6, 2.5e6], p90: [2e6, 3e6] },
  limits: { targetId: "t", target: [limit("line", 2e6), limit("tool", 1e6)], total: [] },
  risk: [{ id: "fab", riskExposureIndex: 1, lostValueUsd: 5e6 }],
};
const stored: CompareReportSide = { label: "run 20261207 (base)", file: null, missing: "a stored run without its results" };

describe("compareReportHtml", () => {
  const html = compareReportHtml({ a: simulated, b: stored, inputs: [], kpis: [], warnings: ["the runs differ in seed (1 against 2)"], generatedAt: "2026-12-07T10:00:00Z" });

  it("escapes the labels and shows the warnings", () => {
    expect(html).toContain("base &lt;v1&gt;");
    expect(html).not.toContain("base <v1>");
    expect(html).toContain("warning: the runs differ in seed (1 against 2)");
  });

  it("says, for the side without results, that each of its charts and tables is not there and why", () => {
    for (const what of ["no simulation to draw", "no planned output to draw", "none to list"]) expect(html).toContain(`b (run 20261207 (base)): ${what} (a stored run without its results).`);
    // The side that has a simulation is still drawn: only its series are in the legend.
    expect(html).toContain(">a P50</text>");
    expect(html).not.toContain(">b P50</text>");
  });

  it("lays two rankings of unequal length side by side, blank where one has run out", () => {
    const table = html.match(/<table id="limits-target">(.*?)<\/table>/s)?.[1] ?? "";
    const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].slice(1).map((m) => m[1]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('data-side="a"><b>tool</b>');
    expect(rows[1]).not.toContain('data-side="b"');
    // Neither side limits total output here: the section says so instead of drawing an empty table.
    expect(html).toContain('<p class="muted" id="limits-total">Neither side has any.</p>');
  });
});
