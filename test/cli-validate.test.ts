// `waferline validate` and `waferline schema` end to end: the real binary, real files, exit codes.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/waferline.js", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// dist/ is built once by test/global-setup.ts (and by `npm test`'s pretest).

describe("waferline validate", () => {
  it("summarises the tutorial and exits 0", () => {
    const r = run("validate", "scenarios/tutorial.yaml");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // From the file: 5 sites (fab-tw, pkg-tw in TW; fab-us, asm-us, dc-us in US), 3 items, 4 resources,
    // 4 operations, 4 lanes, horizon 2026-01 + 12 months, one target.
    expect(r.stdout).toContain("valid scenarios/tutorial.yaml");
    for (const part of ["2026-01 + 12 months", "5 sites (TW 2, US 3)", "3 items", "4 resources", "4 operations", "4 lanes", "us-servers-value"]) {
      expect(r.stdout).toContain(part);
    }
  });

  it("lists every problem of a bad file as FILE:LINE:COL and exits 1", () => {
    const file = "test/fixtures/bad/many.yaml";
    const r = run("validate", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    // Positions counted in src/model/load.test.ts ("all problems in one pass").
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `${file}:9:100: sites.0.source: unknown source 'tutt' (did you mean 'tut'?)`,
      `${file}:11:77: sites.2.lat: Too big: expected number to be <=90`,
      `${file}:20:36: resources.0.ramps.0.end: the ramp ends (2026-03) before it starts (2026-06)`,
      `${file}:27:5: operations.0.leadTme: unknown key 'leadTme' (did you mean 'leadTime'?)`,
      `${file}:30:11: operations.1.site: unknown site 'asm-su' (did you mean 'asm-us'?)`,
      `${file}:36:77: lanes.1.transit: expected number, got 'one'`,
      `${file}:42:57: demand.0.schedule.1.from: 2027-02 is outside the horizon 2026-01 + 12 months`,
      `7 problems in ${file}`,
    ]);
  });

  it("a syntax error exits 1 with its position", () => {
    const r = run("validate", "test/fixtures/bad/syntax.yaml");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("test/fixtures/bad/syntax.yaml:3:8: (root): ");
    expect(r.stderr).toContain("1 problem in");
  });

  it("--json: one parseable document, valid or not", () => {
    const good = run("validate", "--json", "scenarios/tutorial.yaml");
    expect(good.code).toBe(0);
    const g = JSON.parse(good.stdout);
    expect(g).toMatchObject({ file: "scenarios/tutorial.yaml", valid: true, summary: { sites: 5, sitesByCountry: { TW: 2, US: 3 }, items: 3 } });

    const bad = run("validate", "--json", "test/fixtures/bad/typo.json");
    expect(bad.code).toBe(1);
    const b = JSON.parse(bad.stdout);
    expect(b.valid).toBe(false);
    // See src/model/load.test.ts: the entry at 15:5 lacks valueUsd, the misspelt key is at 15:58.
    expect(b.problems.map((p: { line: number; col: number; code: string }) => [p.line, p.col, p.code])).toEqual([
      [15, 5, "missing"],
      [15, 58, "unknown_key"],
    ]);
  });

  it("a file that does not exist exits 1", () => {
    const r = run("validate", "no/such/file.yaml");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no scenario file or built-in scenario named 'no/such/file.yaml'");
  });

  it("an unknown option exits 2", () => {
    const r = run("validate", "--frobnicate", "scenarios/tutorial.yaml");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("frobnicate");
  });

  it.skipIf(!existsSync(join(ROOT, "scenarios/us-ai-onshoring-2025.yaml")))("with no argument, validates the default scenario", () => {
    const r = run("validate");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid");
    expect(r.stdout).toContain("us-ai-onshoring-2025.yaml");
  });
});

describe("waferline schema", () => {
  it("prints a JSON Schema that lists sites and requires them", () => {
    const r = run("schema");
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.sites.type).toBe("array");
    expect(schema.required).toContain("sites");
    expect(Object.keys(schema.properties.sites.items.properties)).toEqual(expect.arrayContaining(["id", "country", "lat", "lon"]));
    expect(schema.title).toBe("Waferline scenario");
  });
});
