// `waferline compare` end to end: the input diff with its lines on both sides, KPI deltas with units
// and signs as the rest of the CLI prints them, and a scenario compared with itself under an event.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { money } from "../src/format/index.js";
import { diffScenarios } from "../src/run/compare.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(ROOT, "bin/waferline.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 240_000 });
const tutorial = readFileSync(join(ROOT, "scenarios/tutorial.yaml"), "utf8");
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("compare", () => {
  const dir = mkdtempSync(join(tmpdir(), "wl-compare-"));
  const a = join(dir, "a.yaml");
  const b = join(dir, "b.yaml");
  // b: the US assembly line makes 20 servers a month instead of 30, and a server sells for $350k, not $400k.
  const changed = tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]").replace("priceUsd: 400000", "priceUsd: 350000");
  writeFileSync(a, tutorial);
  writeFileSync(b, changed);

  it("lists a changed capacity and a changed price with their lines on both sides", () => {
    const diff = diffScenarios(tutorial, changed);
    expect(diff).toEqual([
      { path: "resources[asm-us-lines].levels[0].level", a: 30, b: 20, lineA: lineOf(tutorial, "level: 30 }]"), lineB: lineOf(changed, "level: 20 }]") },
      { path: "demand[us-servers].priceUsd", a: 400000, b: 350000, lineA: lineOf(tutorial, "priceUsd: 400000"), lineB: lineOf(changed, "priceUsd: 350000") },
    ]);
  });

  it("prints the KPI deltas as money with a typographic minus", () => {
    const run = cli(["compare", a, b, "--trials", "200", "--out", join(dir, "out")]);
    expect(run.status).toBe(0);
    // Max-target by hand (GPUs reach the line in 2026-05; 7 monthly starts through 2026-11): a makes
    // 30 x 7 = 210 servers x $400k = $84.0M; b makes 20 x 7 = 140 x $350k = $49.0M: b − a = −$35.0M.
    expect(run.stdout).toMatch(/plan\.targetMadeValueUsd\s+\$84\.0M\s+\$49\.0M\s+−\$35\.0M/);
    expect(run.stdout).toMatch(/resources\[asm-us-lines\]\.levels\[0\]\.level\s+30\s+20/);
    expect(run.stdout).not.toMatch(/\d[eE][+-]\d/);
    const doc = JSON.parse(cli(["compare", a, b, "--trials", "200", "--json", "--out", join(dir, "out")]).stdout);
    expect(doc.inputs.map((x: { path: string }) => x.path)).toEqual(["resources[asm-us-lines].levels[0].level", "demand[us-servers].priceUsd"]);
    const made = doc.kpis.find((k: { key: string }) => k.key === "plan.targetMadeValueUsd");
    expect(made.delta).toBeCloseTo(-35e6, -3);
    expect(doc.warnings).toEqual([]);
  });

  it("compares a scenario with itself under an event, and says which events were applied", () => {
    const event = join(dir, "outage.yaml");
    writeFileSync(event, "events:\n  - { id: asm-fire, kind: outage, site: asm-us, start: 2026-07, end: 2026-08, assumption: a fire }\n");
    const doc = JSON.parse(cli(["compare", a, "--event", event, "--trials", "200", "--json", "--out", join(dir, "out")]).stdout);
    expect(doc.inputs).toEqual([{ path: "events applied", a: null, b: "asm-fire", lineA: null, lineB: null }]);
    const made = doc.kpis.find((k: { key: string }) => k.key === "plan.targetMadeValueUsd");
    // Two months without the US line (a surprise): 2 x 30 servers x $400k = $24.0M less by 2026-12.
    expect(made.delta).toBeCloseTo(-24e6, -3);
  });

  it("refuses a missing second side and an unknown event with exit 1", () => {
    expect(cli(["compare", a]).status).toBe(1);
    const r = cli(["compare", a, "--event", "nowhere"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--event nowhere: no event of that name/);
  });
});

// The report's tables, read back as text: a table by id, its data rows, and one side's cells in a row.
const tableOf = (html: string, id: string) => html.match(new RegExp(`<table id="${id}">(.*?)</table>`, "s"))?.[1] ?? "";
const rowsOf = (table: string) => [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => m[1]).slice(1);
const textOf = (cell: string) => cell.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
const cellsOf = (row: string, side: "a" | "b") => [...row.matchAll(new RegExp(`<td[^>]*data-side="${side}"[^>]*>(.*?)</td>`, "g"))].map((m) => textOf(m[1]));

describe("compare report", () => {
  const dir = mkdtempSync(join(tmpdir(), "wl-compare-report-"));
  const a = join(dir, "a.yaml");
  const b = join(dir, "b.yaml");
  // b: one capacity changed, the US assembly lines at 20 servers a month instead of 30.
  const changed = tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 20 }]");
  writeFileSync(a, tutorial);
  writeFileSync(b, changed);
  const run = cli(["compare", a, b, "--trials", "200", "--json", "--out", join(dir, "out")]);
  const doc = JSON.parse(run.stdout) as { report: string; inputs: { path: string; lineA: number | null; lineB: number | null }[] };
  const html = existsSync(doc.report) ? readFileSync(doc.report, "utf8") : "";
  // Each side's own answer, from the plan and stress commands (not from the compare or report code).
  const planOf = (file: string) => JSON.parse(cli(["plan", file, "--json"]).stdout) as { limits: Record<"target" | "total", { resource: string; plusTenPercentUsd: number }[]> };
  const stressOf = (file: string) => JSON.parse(cli(["stress", file, "--json"]).stdout) as { nodes: { id: string; lostValueUsd: number }[] };
  const plans = { a: planOf(a), b: planOf(b) };
  const stresses = { a: stressOf(a), b: stressOf(b) };

  it("writes out/compare-<id>/report.html and names it in the JSON, beside the comparison's keys", () => {
    expect(run.status).toBe(0);
    expect(doc.report).toMatch(new RegExp(`^${join(dir, "out")}/compare-[^/]+/report\\.html$`));
    expect(existsSync(doc.report)).toBe(true);
    expect(Object.keys(doc)).toEqual(["a", "b", "inputs", "kpis", "warnings", "report"]);
  });

  it("names both sides and lists each changed input with its line on both sides", () => {
    expect(html).toContain(`<b>a</b> = tutorial <span class="muted">${a}</span>`);
    expect(html).toContain(`<b>b</b> = tutorial <span class="muted">${b}</span>`);
    const line = lineOf(tutorial, "levels: [{ from: 2026-01, level: 30 }]");
    expect(doc.inputs).toEqual([{ path: "resources[asm-us-lines].levels[0].level", a: 30, b: 20, lineA: line, lineB: line }]);
    const rows = rowsOf(tableOf(html, "inputs")).map((r) => [...r.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => textOf(m[1])));
    expect(rows).toEqual(doc.inputs.map((c) => [c.path, "30", "20", `${a}:${c.lineA}`, `${b}:${c.lineB}`]));
  });

  it("overlays both sides' simulations in one fan chart, with a and b in its legend", () => {
    const fan = html.match(/<div id="fan">(.*?)<\/div><\/section>/s)?.[1] ?? "";
    for (const name of ["a P50", "a P10–P90", "b P50", "b P10–P90"]) expect(fan).toContain(`>${name}</text>`);
  });

  it("lists each side's top limits and riskiest node as plan and stress rank them", () => {
    for (const list of ["target", "total"] as const) {
      const first = rowsOf(tableOf(html, `limits-${list}`))[0] ?? "";
      for (const side of ["a", "b"] as const) {
        const top = plans[side].limits[list][0];
        const [resource, adds] = cellsOf(first, side);
        expect(resource.split(" ")[0]).toBe(top.resource);
        expect(adds).toBe(money(top.plusTenPercentUsd));
      }
    }
    const first = rowsOf(tableOf(html, "risk-nodes"))[0] ?? "";
    for (const side of ["a", "b"] as const) {
      const top = stresses[side].nodes[0];
      const cells = cellsOf(first, side);
      expect(cells[0]).toBe(top.id);
      expect(cells[2]).toBe(money(top.lostValueUsd));
    }
  });
});
