// Hard limits and linear time (issue 11): texts built to be expensive get one clear "limit" problem
// quickly, numbers the solver cannot take are refused with their position, and nothing overflows the
// call stack. Times are generous (the machine is shared) but far below what the old quadratic paths took.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LIMITS, loadScenarioText, type Problem } from "./index.js";

const base = readFileSync(join(import.meta.dirname, "../../test/fixtures/bad/base.yaml"), "utf8");

function timed(text: string): { problems: Problem[]; ms: number; ok: boolean } {
  const t0 = performance.now();
  const r = loadScenarioText(text);
  return { problems: r.problems, ok: r.ok, ms: performance.now() - t0 };
}

const mapping = (keys: number, key = (i: number) => `k${i}`) => {
  const lines = ["name: x"];
  for (let i = 0; i < keys; i++) lines.push(`${key(i)}: 1`);
  return `${lines.join("\n")}\n`;
};

describe("limits on the text's structure (finding 2: one request froze the server for minutes)", () => {
  it("a mapping of 170,000 keys is one limit problem in well under a second", () => {
    // Before: ~10 minutes (a duplicate-key check and a search per problem, both quadratic).
    const { problems, ms } = timed(mapping(170_000));
    expect(problems).toEqual([{ code: "limit", path: [], message: "this mapping has more than 1,000 keys, the limit", line: 1, col: 1 }]);
    expect(ms).toBeLessThan(1000);
  });

  it("the same mapping with repeated keys (which the fast parser refuses) is still answered quickly", () => {
    const { problems, ms } = timed(mapping(170_000, (i) => `k${i % 500}`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "limit", line: 1, col: 1 });
    expect(problems[0].message).toBe("this mapping has more than 1,000 keys, the limit");
    expect(ms).toBeLessThan(1000);
  });

  it("16,000 unknown keys (149 KB) are a limit, not 16,000 positioned problems (4.8 s before)", () => {
    const { problems, ms } = timed(mapping(16_000));
    expect(problems.map((p) => p.code)).toEqual(["limit"]);
    expect(ms).toBeLessThan(1000);
  });

  it("a 2 MB flow list is a limit problem at the list (5.2 s before)", () => {
    const text = `name: x\nsites: [${Array.from({ length: 300_000 }, (_, i) => i).join(",")}]\n`;
    const { problems, ms } = timed(text);
    expect(problems).toEqual([{ code: "limit", path: [], message: "this list has more than 100,000 entries, the limit", line: 2, col: 8 }]);
    expect(ms).toBeLessThan(1500);
  });

  it("a list of 5,000 entries is read in every syntax (a list is never counted as a mapping)", () => {
    const n = 5000;
    const block = Array.from({ length: n }, (_, i) => `- ${i}`).join("\n");
    const flow = `[${Array.from({ length: n }, (_, i) => i).join(", ")}]`;
    for (const sites of [`\n${block}`, ` # a comment\n${block}`, ` !!seq\n${block}`, ` &list\n${block}`, ` ${flow}`, `\n  - ${flow}`, `\n- - 1\n${block.replace(/^/gm, "  ")}`]) {
      const r = loadScenarioText(`name: x\nsites:${sites}\n`);
      expect(r.problems.length).toBeGreaterThan(0); // entries that are not sites
      expect(r.problems.filter((p) => /has more than|nested/.test(p.message))).toEqual([]);
    }
  });

  it("the same limits hold for JSON (the JSON.parse fast path)", () => {
    const obj: Record<string, number> = {};
    for (let i = 0; i < 5000; i++) obj[`k${i}`] = i;
    const { problems } = timed(JSON.stringify({ name: "x", sites: [obj] }, null, 1));
    expect(problems).toEqual([{ code: "limit", path: [], message: "this mapping has more than 1,000 keys, the limit", line: 4, col: 3 }]);
  });

  it("many problems are answered in linear time, capped at LIMITS.problems with a count of the rest", () => {
    // 5,000 bad sites: each one problem; locating them used to be a linear search each.
    const sites = Array.from({ length: 5000 }, (_, i) => `  - { id: s${i}, name: S, operator: O, country: us, lat: 0, lon: 0 }`).join("\n");
    const text = base.replace(/^sites:\n(?: {2}- .*\n)+/m, `sites:\n${sites}\n`);
    const { problems, ms } = timed(text);
    expect(problems).toHaveLength(LIMITS.problems);
    expect(problems.at(-1)).toMatchObject({ code: "limit", message: expect.stringMatching(/^4,001 more problems not listed \(5,000 in all\)$/) });
    expect(problems[0]).toMatchObject({ code: "invalid_value", path: ["sites", 0, "country"], line: 9, col: 46 });
    expect(ms).toBeLessThan(5000);
  });

  it("deep nesting is 'nested too deeply', never 'Maximum call stack size exceeded' (finding 11)", () => {
    const cases = [
      `name: x\nsites:\n${"- ".repeat(100_000)}x\n`, // block lists, two characters a level
      `name: x\nsites:\n${Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i + 1)}k:`).join("\n")}\n`, // block mappings
      `name: x\nsites: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, // flow lists
      `{"name": "x", "sites": ${"[".repeat(5000)}${"]".repeat(5000)}}`, // JSON
      `name: x\nsites: &a\n${"- ".repeat(100_000)}x\nmore: *a\n`, // with an anchor (no fast path)
    ];
    for (const text of cases) {
      const { problems, ms } = timed(text);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: "limit", message: "nested too deeply: more than 64 levels of mappings and lists" });
      expect(ms).toBeLessThan(2000);
    }
    // At the 66th "- " of the first case, line 3, col 2 x 65 + 1 (js-yaml reads a list's scalar one
    // level deeper than it is, so its count allows one more level).
    expect(loadScenarioText(cases[0]).problems[0]).toMatchObject({ line: 3, col: 131 });
    // 64 levels are still read (and then judged by the schema).
    const ok = loadScenarioText(`name: x\nsites:\n${"- ".repeat(63)}x\n`);
    expect(ok.problems.map((p) => p.code)).not.toContain("limit");
  });

  it("a text over 16 MiB is refused before it is parsed", () => {
    const { problems, ms } = timed(`name: x\n# ${"x".repeat(LIMITS.textChars)}\n`);
    expect(problems).toEqual([{ code: "limit", path: [], message: "the text is 16,777,227 characters long; the limit is 16,777,216 (16 MiB)", line: 1, col: 1 }]);
    expect(ms).toBeLessThan(100);
  });

  it("a scenario whose engines would allocate more than LIMITS.cells period cells is refused", () => {
    // 1,040 weeks x 10,000 operations = 10.4 M cells (each operation: 1 operation + 1 input).
    const ops = Array.from({ length: 5000 }, (_, i) => `  - { id: op${i}, site: fab-us, produces: { item: wafer }, uses: [{ resource: fab-us-starts, qty: 1 }] }`).join("\n");
    const text = base.replace(/horizon: .*\n/, "horizon: { start: 2026-W01, periods: 1040, bucket: week }\n").replace(/^operations:\n/m, `operations:\n${ops}\n`);
    const r = loadScenarioText(text);
    expect(r.ok).toBe(false);
    const limit = r.problems.find((p) => p.code === "limit");
    expect(limit).toMatchObject({ path: ["horizon", "periods"], line: 4 });
    expect(limit?.message).toMatch(/^the scenario is too large: 1,040 periods x 10,\d{3} .* cells; the limit is 10,000,000$/);
  });

  it("a bill of materials chained 6,000 items deep is checked without recursion (5,000 overflowed the stack)", () => {
    const n = 6000;
    const items = Array.from({ length: n }, (_, i) => `  - { id: i${i}, name: I, unit: u, valueUsd: 1 }`).join("\n");
    // i0 <- i1 <- ... <- i(n-1), and i(n-1) back into i0: one cycle through every item.
    const ops = Array.from({ length: n }, (_, i) => `  - { id: o${i}, site: fab-us, produces: { item: i${(i + 1) % n} }, consumes: [{ item: i${i}, qty: 1 }] }`).join("\n");
    const text = `name: chain\ntitle: Chain\nhorizon: { start: 2026-01, periods: 2 }\nsites:\n  - { id: fab-us, name: F, operator: O, country: US, lat: 0, lon: 0 }\nitems:\n${items}\noperations:\n${ops}\n`;
    const { problems, ms } = timed(text);
    const cycle = problems.find((p) => p.code === "bom_cycle");
    expect(cycle?.message).toMatch(/^bill of materials has a cycle: i\d+ -> .* \.\.\. \(\d+ more\) -> /);
    expect(ms).toBeLessThan(10_000);
  });
});

describe("numbers the solver cannot take (finding 7)", () => {
  const tutorial = readFileSync(join(import.meta.dirname, "../../scenarios/tutorial.yaml"), "utf8");
  it.each([
    ["priceUsd: 400000", "priceUsd: 1.7e308", "demand.0.priceUsd"],
    ["consumes: [{ item: gpu, qty: 8 }]", "consumes: [{ item: gpu, qty: 1e300 }]", "operations.3.consumes.0.qty"],
    ["level: 300 }", "level: 1e308 }", "resources.2.levels.0.level"],
  ])("%s -> %s is out of range, with its position", (from, to, path) => {
    expect(tutorial).toContain(from);
    const r = loadScenarioText(tutorial.replace(from, to));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: "out_of_range", message: expect.stringMatching(/^must be at most 1e12/) });
    expect(r.problems[0].path.join(".")).toBe(path);
    expect(r.problems[0].line).toBeGreaterThan(1);
  });

  it("the largest figures allowed still validate", () => {
    const r = loadScenarioText(tutorial.replace("priceUsd: 400000", "priceUsd: 1e12").replace("level: 300 }", "level: 1e12 }"));
    expect(r.problems).toEqual([]);
  });

  it("infinity reads as infinity, not 'got number Infinity'", () => {
    const r = loadScenarioText(tutorial.replace("priceUsd: 400000", "priceUsd: .inf"));
    expect(r.problems).toMatchObject([{ code: "invalid_value", path: ["demand", 0, "priceUsd"], message: "expected a finite number, got infinity (.inf)" }]);
    const nan = loadScenarioText(tutorial.replace("priceUsd: 400000", "priceUsd: .nan"));
    expect(nan.problems[0].message).toBe("expected a finite number, got not-a-number (.nan)");
  });
});
