// Known-bad scenario files, one per problem kind, each a copy of test/fixtures/bad/base.yaml with one
// defect. Every expected LINE:COL was counted by hand in the fixture (the arithmetic is in the comments):
// a column is 1 + the number of characters before the offending key or value on its line.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadScenarioText, normalize, type Problem } from "./index.js";
import { mayHoldAnchor } from "./load.js";

const BAD = join(import.meta.dirname, "../../test/fixtures/bad");
const read = (name: string) => readFileSync(join(BAD, name), "utf8");
const load = (name: string) => loadScenarioText(read(name));
const problemsOf = (name: string): Problem[] => {
  const r = load(name);
  if (r.ok) throw new Error(`${name} unexpectedly valid`);
  return r.problems;
};
const lines = (name: string) => problemsOf(name).map((p) => formatProblem(name, p));
const codes = (name: string) => problemsOf(name).map((p) => p.code);

describe("the fixture bases", () => {
  it("base.yaml and base.json are valid and normalize", () => {
    for (const name of ["base.yaml", "base.json"]) {
      const r = load(name);
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
      if (r.ok) expect(normalize(r.scenario).T).toBe(12);
    }
  });
});

describe("known-bad files: one problem kind each, exact position", () => {
  it("expansion options: negative capital, a module larger than the maximum, a lead time past the horizon, an unknown resource", () => {
    // line 47 `    capexPerUnitUsd: -5000`: 4 + "capexPerUnitUsd: " (17) = 21, value at col 22;
    // line 55 `    moduleSize: 50`: 4 + 12 = 16, col 17; line 59 `    leadTime: 12`: 4 + 10, col 15;
    // line 63 `    resource: fab-us-startz`: 4 + 10, col 15. The horizon is 2026-01 + 12 months.
    expect(lines("expansions.yaml")).toEqual([
      "expansions.yaml:47:22: expansions.0.capexPerUnitUsd: a capital cost cannot be negative (got -5000)",
      "expansions.yaml:55:17: expansions.1.moduleSize: a module of 50 is larger than the maximum size 40: not one module fits",
      "expansions.yaml:59:15: expansions.2.leadTime: a lead time of 12 months: decided at the earliest in 2026-03, its first output would be in 2027-03, after the horizon ends (2026-12)",
      "expansions.yaml:63:15: expansions.3.resource: unknown resource 'fab-us-startz' (did you mean 'fab-us-starts'?)",
    ]);
    expect(codes("expansions.yaml")).toEqual(["out_of_range", "out_of_range", "out_of_range", "dangling_reference"]);
  });

  it("YAML syntax error", () => {
    // line 3 `title: Small: tutorial`: "title: " is 7 characters, the plain value starts at col 8.
    expect(lines("syntax.yaml")).toEqual(["syntax.yaml:3:8: (root): Nested mappings are not allowed in compact mappings"]);
    expect(codes("syntax.yaml")).toEqual(["syntax"]);
  });

  it("a key given twice is a syntax error at the second one", () => {
    // lines 33-34 both `    leadTime: ...`: the second key is indented 4, col 5.
    expect(lines("duplicate-key.yaml")).toEqual(["duplicate-key.yaml:34:5: (root): Map keys must be unique"]);
  });

  it("unknown key, with a did-you-mean", () => {
    // line 27 `    leadTme: 2`: the key at col 5.
    expect(lines("unknown-key.yaml")).toEqual([
      "unknown-key.yaml:27:5: operations.0.leadTme: unknown key 'leadTme' (did you mean 'leadTime'?)",
    ]);
    expect(codes("unknown-key.yaml")).toEqual(["unknown_key"]);
  });

  it("wrong type is reported as such, not as missing", () => {
    // line 41 `    priceUsd: lots`: 4 + "priceUsd: " (10) = 14, value at col 15.
    expect(lines("wrong-type.yaml")).toEqual(["wrong-type.yaml:41:15: demand.0.priceUsd: expected number, got 'lots'"]);
    expect(codes("wrong-type.yaml")).toEqual(["invalid_type"]);
  });

  it("out-of-range number", () => {
    // line 9: "  - { " 6 + "id: fab-us, " 12 + "name: Arizona fab, " 19 + "operator: FabCo, " 17
    // + "country: US, " 13 + "lat: " 5 = 72, so 133.7 is at col 73.
    const [p] = problemsOf("out-of-range.yaml");
    expect(problemsOf("out-of-range.yaml")).toHaveLength(1);
    expect(p).toMatchObject({ code: "out_of_range", path: ["sites", 0, "lat"], line: 9, col: 73 });
    expect(p.message).toContain("90");
  });

  it("dangling site, with a suggestion", () => {
    // line 30 `    site: asm-su`: 4 + "site: " (6) = 10, col 11.
    expect(lines("dangling-site.yaml")).toEqual([
      "dangling-site.yaml:30:11: operations.1.site: unknown site 'asm-su' (did you mean 'asm-us'?)",
    ]);
    expect(codes("dangling-site.yaml")).toEqual(["dangling_reference"]);
  });

  it("dangling item, with a suggestion", () => {
    // line 32 `    consumes: [{ item: wafr, ...`: 4 + "consumes: " 10 + "[{ " 3 + "item: " 6 = 23, col 24.
    expect(lines("dangling-item.yaml")).toEqual([
      "dangling-item.yaml:32:24: operations.1.consumes.0.item: unknown item 'wafr' (did you mean 'wafer'?)",
    ]);
  });

  it("dangling resource, with a suggestion", () => {
    // line 26 `    uses: [{ resource: fab-us-strats, ...`: 4 + "uses: " 6 + "[{ " 3 + "resource: " 10 = 23, col 24.
    expect(lines("dangling-resource.yaml")).toEqual([
      "dangling-resource.yaml:26:24: operations.0.uses.0.resource: unknown resource 'fab-us-strats' (did you mean 'fab-us-starts'?)",
    ]);
  });

  it("unknown source id in `source:`", () => {
    // line 9: as above up to "lat: " = 72, + "33.7, " 6 + "lon: -112.1, " 13 + "source: " 8 = 99, col 100.
    expect(lines("unknown-source.yaml")).toEqual([
      "unknown-source.yaml:9:100: sites.0.source: unknown source 'tutt' (did you mean 'tut'?)",
    ]);
  });

  it("bill-of-materials cycle", () => {
    // Operation 2 (recycle, lines 34-37) makes wafer from server; assemble-server makes server from wafer.
    // line 36 `    produces: { item: wafer }`: 4 + "produces: " 10 + "{ " 2 + "item: " 6 = 22, col 23.
    expect(lines("bom-cycle.yaml")).toEqual([
      "bom-cycle.yaml:36:23: operations.2.produces.item: bill of materials has a cycle: wafer -> server -> wafer",
    ]);
    expect(codes("bom-cycle.yaml")).toEqual(["bom_cycle"]);
  });

  it("an operation consuming its own output is a cycle too", () => {
    const text = read("base.yaml").replace("consumes: [{ item: wafer, qty: 0.4 }]", "consumes: [{ item: server, qty: 0.4 }]");
    const r = loadScenarioText(text);
    expect(r.ok).toBe(false);
    // line 32, same columns as the dangling-item case: col 24.
    expect(r.problems).toMatchObject([{ code: "bom_cycle", path: ["operations", 1, "consumes", 0, "item"], line: 32, col: 24 }]);
  });

  it("demanded item that nothing produces", () => {
    // An item `rack` is added at line 15, so the demand's `    item: rack` is line 41; 4 + "item: " 6, col 11.
    expect(lines("unproduced-demand.yaml")).toEqual([
      "unproduced-demand.yaml:41:11: demand.0.item: 'rack' is demanded but no operation produces it and no site holds it",
    ]);
  });

  it("yields outside (0, 1], and no spurious follow-on problems", () => {
    // line 28 `    yield: { start: 0, ...`: 4 + "yield: " 7 + "{ " 2 + "start: " 7 = 20, col 21.
    // line 34 `    yield: 1.2`: 4 + 7 = 11, col 12. The invalid assemble-server still makes servers, so the
    // demand for servers must not be reported as unproduced.
    expect(lines("yield.yaml")).toEqual([
      "yield.yaml:28:21: operations.0.yield.start: must be in (0, 1]",
      "yield.yaml:34:12: operations.1.yield: must be in (0, 1]",
    ]);
    expect(codes("yield.yaml")).toEqual(["out_of_range", "out_of_range"]);
  });

  it("ramps that overlap", () => {
    // Ramp 0 covers 2026-03..2026-06 (periods 3..6 of the horizon, 1-based); ramp 1 starts 2026-05.
    // line 22 `      - { start: 2026-05, ...`: the flow mapping starts after 6 spaces and "- ", col 9.
    expect(lines("ramp-overlap.yaml")).toEqual([
      "ramp-overlap.yaml:22:9: resources.0.ramps.1: overlaps ramp 0 of this resource (periods 3..6 of the horizon)",
    ]);
    expect(codes("ramp-overlap.yaml")).toEqual(["ramp_overlap"]);
  });

  it("a level step inside a ramp overlaps it", () => {
    // The base ramp covers indexes 2..5; a step at 2026-04 (index 3) falls inside.
    const text = read("base.yaml").replace("    unit: wafers/month\n", "    unit: wafers/month\n    levels: [{ from: 2026-04, level: 50 }]\n");
    const r = loadScenarioText(text);
    // inserted as line 20: 4 + "levels: " 8 + "[{ " 3 + "from: " 6 = 21, col 22.
    expect(r.problems).toMatchObject([{ code: "ramp_overlap", path: ["resources", 0, "levels", 0, "from"], line: 20, col: 22 }]);
  });

  it("a ramp that ends before it starts", () => {
    // line 20 `    ramps: [{ start: 2026-06, end: 2026-03, ...`: 4 + "ramps: " 7 + "[{ " 3 + "start: 2026-06, " 16
    // + "end: " 5 = 35, col 36.
    expect(lines("ramp-reversed.yaml")).toEqual([
      "ramp-reversed.yaml:20:36: resources.0.ramps.0.end: the ramp ends (2026-03) before it starts (2026-06)",
    ]);
    expect(codes("ramp-reversed.yaml")).toEqual(["ramp_reversed"]);
  });

  it("a ramp with both `periods` and `end` (or neither)", () => {
    const both = read("base.yaml").replace("periods: 4, shape", "periods: 4, end: 2026-06, shape");
    const neither = read("base.yaml").replace("periods: 4, shape", "shape");
    for (const text of [both, neither]) {
      const r = loadScenarioText(text);
      // The ramp mapping: 4 + "ramps: " 7 + "[" 1 = 12, col 13 on line 20.
      expect(r.problems).toMatchObject([{ code: "missing", path: ["resources", 0, "ramps", 0], line: 20, col: 13 }]);
    }
  });

  it("a period outside the horizon", () => {
    // line 42 `    schedule: [{ from: 2026-04, quantity: 20 }, { from: 2027-02, ...`:
    // 4 + "schedule: " 10 + "[" 1 + "{ from: 2026-04, quantity: 20 }" 31 + ", " 2 + "{ " 2 + "from: " 6 = 56, col 57.
    expect(lines("period-outside.yaml")).toEqual([
      "period-outside.yaml:42:57: demand.0.schedule.1.from: 2027-02 is outside the horizon 2026-01 + 12 months",
    ]);
    expect(codes("period-outside.yaml")).toEqual(["period_outside_horizon"]);
  });

  it("a period before the horizon starts", () => {
    const r = loadScenarioText(read("base.yaml").replace("from: 2026-09, periods: 1", "from: 2025-12, periods: 1"));
    // line 21 `    outages: [{ from: `: 4 + "outages: " 9 + "[{ " 3 + "from: " 6 = 22, col 23.
    expect(r.problems).toMatchObject([{ code: "period_outside_horizon", path: ["resources", 0, "outages", 0, "from"], line: 21, col: 23 }]);
  });

  it("a malformed period", () => {
    // line 21, same columns as above: col 23.
    expect(lines("period-format.yaml")).toEqual([
      "period-format.yaml:21:23: resources.0.outages.0.from: '2026-9' is not a month period (YYYY-MM)",
    ]);
    expect(codes("period-format.yaml")).toEqual(["period_format"]);
  });

  it("a duplicate id", () => {
    // line 15 `  - { id: wafer, ...`: "  - { " 6 + "id: " 4 = 10, col 11.
    expect(lines("duplicate-id.yaml")).toEqual(["duplicate-id.yaml:15:11: items.2.id: duplicate id 'wafer' (first at items.0)"]);
    expect(codes("duplicate-id.yaml")).toEqual(["duplicate_id"]);
  });

  it("all problems in one pass, sorted by position", () => {
    // Seven defects in seven different entries (see the fixture's header):
    //  9:100 source tutt (as in unknown-source); 11:77 lat 139.0: "  - { " 6 + "id: dc-us, " 11
    //  + "name: US data centres, " 23 + "operator: Buyers, " 18 + "country: US, " 13 + "lat: " 5 = 76;
    //  20:36 reversed ramp; 27:5 leadTme; 30:11 asm-su; 36:77 transit: one: "  - { " 6
    //  + "id: servers-to-dc, " 19 + "from: asm-us, " 14 + "to: dc-us, " 11 + "items: [server], " 17
    //  + "transit: " 9 = 76; 42:57 2027-02 (as in period-outside).
    const ps = problemsOf("many.yaml");
    expect(ps.map((p) => [p.line, p.col, p.code])).toEqual([
      [9, 100, "dangling_reference"],
      [11, 77, "out_of_range"],
      [20, 36, "ramp_reversed"],
      [27, 5, "unknown_key"],
      [30, 11, "dangling_reference"],
      [36, 77, "invalid_type"],
      [42, 57, "period_outside_horizon"],
    ]);
    expect(ps.map((p) => p.path.join("."))).toEqual([
      "sites.0.source",
      "sites.2.lat",
      "resources.0.ramps.0.end",
      "operations.0.leadTme",
      "operations.1.site",
      "lanes.1.transit",
      "demand.0.schedule.1.from",
    ]);
  });
});

describe("the default scenario with a typo (issue 2, done-when)", () => {
  const file = join(import.meta.dirname, "../../scenarios/us-ai-onshoring-2025.yaml");
  it.skipIf(!existsSync(file))("a misspelt key in a copy is reported at its line and column, with a suggestion", () => {
    const text = readFileSync(file, "utf8");
    // Misspell the first `leadTime:`; its position is computed from the text, not taken from the loader.
    const offset = text.indexOf("leadTime:");
    const line = text.slice(0, offset).split("\n").length;
    const col = offset - text.lastIndexOf("\n", offset - 1);
    const r = loadScenarioText(`${text.slice(0, offset)}leadTme:${text.slice(offset + "leadTime:".length)}`);
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: "unknown_key", line, col, message: "unknown key 'leadTme' (did you mean 'leadTime'?)" });
  });
});

describe("JSON input goes through the same positions", () => {
  it("a misspelt key in JSON: the key and the entry missing the real one", () => {
    // line 15 `    {"id": "server", "name": "Server", "unit": "server", "valeUsd": 300000}`:
    // 4 + "{" 1 = 5, so the entry starts at col 5; + `"id": "server", ` 16 + `"name": "Server", ` 18
    // + `"unit": "server", ` 18 = 57, the quoted key at col 58.
    expect(lines("typo.json")).toEqual([
      "typo.json:15:5: items.1.valueUsd: required (number)",
      "typo.json:15:58: items.1.valeUsd: unknown key 'valeUsd' (did you mean 'valueUsd'?)",
    ]);
    expect(codes("typo.json")).toEqual(["missing", "unknown_key"]);
  });

  it("a missing comma in JSON is a syntax error where the next entry begins", () => {
    // line 10 lost its trailing comma; the parser notices at line 11's `{`, after 4 spaces: col 5.
    const ps = problemsOf("json-syntax.json");
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: "syntax", line: 11, col: 5 });
  });
});

describe("other failure paths", () => {
  it("an empty file, a scalar, a list: clean problems at 1:1", () => {
    for (const text of ["", "just words", "- a\n- b\n", "null"]) {
      const r = loadScenarioText(text);
      expect(r.ok).toBe(false);
      for (const p of r.problems) expect([p.line, p.col]).toEqual([1, 1]);
    }
  });

  it("a missing required key points at the enclosing entry", () => {
    // Drop `operator: FabCo, ` from site 0; the entry's `{` on line 9 is at col 5 ("  - " is 4).
    const r = loadScenarioText(read("base.yaml").replace("operator: FabCo, ", ""));
    expect(r.problems).toMatchObject([{ code: "missing", path: ["sites", 0, "operator"], line: 9, col: 5 }]);
  });

  it("a period count too big for the engines' Int32Arrays is out of range", () => {
    // 2^31 would wrap to -2^31 in opLeadTime; counts are capped at the longest horizon, 1040.
    const r = loadScenarioText(read("base.yaml").replace("    leadTime: 2\n", "    leadTime: 2147483648\n"));
    // line 27 `    leadTime: ...`: 4 + "leadTime: " 10 = 14, col 15.
    expect(r.problems).toMatchObject([{ code: "out_of_range", path: ["operations", 0, "leadTime"], line: 27, col: 15 }]);
  });

  it("an ampersand inside a word is not an anchor; one where a node begins is", () => {
    expect(mayHoldAnchor('sources: [{ id: R42, title: "SK hynix P&T7 plant" }]\nname: R&D')).toBe(false);
    for (const text of ["a: &a [x]", "- &a x", "[&a x]", "{a: 1, b: &b 2}", '{"a":&a 1}', "&a x", "a:\n\t&a x", "\uFEFF&a x", "x: !!str &a y"]) expect(mayHoldAnchor(text)).toBe(true);
  });

  it("an alias bomb is a problem, not a thrown error", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
    const r = loadScenarioText(bomb);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: "syntax", line: 1, col: 1 });
  });

  it("deeply nested brackets are refused before the parser recurses into them", () => {
    // 300 levels: the 65th bracket is the first past the limit of 64, at col 65 of line 2.
    const r = loadScenarioText(`name: x\n${"[".repeat(300)}${"]".repeat(300)}`);
    expect(r.problems).toEqual([{ code: "limit", path: [], message: "nested too deeply: more than 64 levels of mappings and lists", line: 2, col: 65 }]);
    // Brackets inside quoted strings and comments do not count.
    const quoted = read("base.yaml").replace("title: Small tutorial", `title: "${"[".repeat(300)}" # ${"{".repeat(300)}`);
    expect(loadScenarioText(quoted).ok).toBe(true);
  });

  it("valid JSON (fast path) gives the same Scenario as the same content in YAML", () => {
    const fromJson = load("base.json");
    const fromYaml = load("base.yaml");
    expect(fromJson.ok && fromYaml.ok).toBe(true);
    if (fromJson.ok && fromYaml.ok) expect(fromJson.scenario).toEqual({ ...fromYaml.scenario, name: "tutorial-small-json" });
  });

  it("a duplicate key in JSON is still reported (JSON.parse alone would keep the last)", () => {
    const r = loadScenarioText(read("base.json").replace('  "title"', '  "name": "dup",\n  "title"'));
    // The second "name" key is the inserted line 3, after 2 spaces: col 3.
    expect(r.problems).toEqual([{ code: "syntax", path: [], message: "Map keys must be unique", line: 3, col: 3 }]);
  });

  it("weekly horizons: week 53 only in years that have one", () => {
    // 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 (starts on a Wednesday, not leap) has 52.
    const weekly = (start: string) =>
      read("base.yaml")
        .replace("horizon: { start: 2026-01, periods: 12, bucket: month }", `horizon: { start: ${start}, periods: 12, bucket: week }`)
        .replace(/2026-(\d\d)/g, (_, m) => `2026-W${m}`);
    expect(loadScenarioText(weekly("2026-W01")).problems).toEqual([]);
    const r = loadScenarioText(weekly("2025-W53"));
    expect(r.problems).toMatchObject([{ code: "period_format", path: ["horizon", "start"], message: "'2025-W53' is not a week period (YYYY-Www)" }]);
  });
});

describe("second-round scenario features", () => {
  const base = `
name: t
title: t
horizon: { start: 2026-01, periods: 6 }
sources: [{ id: s1, title: a source }]
sites:
  - { id: f, name: f, operator: x, country: US, lat: 0, lon: 0 }
items:
  - { id: w, name: w, unit: u, valueUsd: 10 }
resources:
  - { id: line, site: f, name: l, unit: u, levels: [{ from: 2026-01, level: 5 }] }
operations:
  - { id: make, site: f, produces: { item: w }, uses: [{ resource: line, qty: 1 }] }
demand:
  - { id: d, site: f, item: w, priceUsd: 10, unbounded: true, from: 2026-02, until: 2026-04 }
`;
  const problems = (extra: string) => {
    const r = loadScenarioText(base + extra);
    return r.ok ? [] : r.problems.map((p) => `${p.path.join(".")}: ${p.message}`);
  };

  it("a range names where each bound comes from", () => {
    const range = (bounds: string) => `uncertainty:\n  parameters:\n    - { id: c, on: { resource: line }, parameter: capacity, distribution: { type: range, low: 0.5, central: 1, high: 1.5 }${bounds} }\n`;
    expect(problems(range(", low: { source: s1 }, high: { reason: the largest plant announced }"))).toEqual([]);
    expect(problems(range(", low: { source: s1 }"))).toEqual([expect.stringMatching(/^uncertainty\.parameters\.0\.high: a range needs/)]);
    expect(problems(range(", low: {}, high: { source: nowhere }"))).toEqual(expect.arrayContaining([expect.stringMatching(/low: a range needs/), expect.stringMatching(/high\.source: unknown source 'nowhere'/)]));
    expect(problems(range("").replace("central: 1", "central: 2"))).toEqual(expect.arrayContaining([expect.stringMatching(/low <= central <= high/)]));
    const notRange = `uncertainty:\n  parameters:\n    - { id: c, on: { resource: line }, parameter: capacity, distribution: { type: uniform, min: 0.5, max: 1.5 }, low: { source: s1 } }\n`;
    expect(problems(notRange)).toEqual([expect.stringMatching(/low: `low` cites a bound of a range; this distribution is uniform/)]);
  });

  it("price applies to a demand, usage to an operation", () => {
    const param = (on: string, parameter: string) => `uncertainty:\n  parameters:\n    - { id: p, on: { ${on} }, parameter: ${parameter}, distribution: { type: uniform, min: 1, max: 2 } }\n`;
    expect(problems(param("demand: d", "price"))).toEqual([]);
    expect(problems(param("operation: make", "usage"))).toEqual([]);
    expect(problems(param("resource: line", "price"))).toEqual([expect.stringMatching(/'price' does not apply to a resource/)]);
    expect(problems(param("demand: e", "price"))).toEqual([expect.stringMatching(/unknown demand 'e'/)]);
  });

  it("a demand window holds demand to its periods; an inverted one is a problem", () => {
    const r = loadScenarioText(base);
    if (!r.ok) throw new Error("base does not load");
    const net = normalize(r.scenario);
    expect(Array.from(net.demandQty)).toEqual([0, Infinity, Infinity, Infinity, 0, 0]);
    expect(problems("").length).toBe(0);
    const inverted = loadScenarioText(base.replace("from: 2026-02, until: 2026-04", "from: 2026-04, until: 2026-02"));
    expect(inverted.ok ? [] : inverted.problems.map((p) => p.message)).toEqual(["2026-02 is before 2026-04"]);
  });

  it("targets name a measure; margins and commitments are checked", () => {
    expect(problems("targets:\n  - { id: t, description: t, measure: contentValue, item: w, countries: [US], valueUsd: 1, by: 2026-06 }\n")).toEqual([
      expect.stringMatching(/targets\.0\.item: contentValue counts value added by every operation/),
    ]);
    expect(problems("targets:\n  - { id: t, description: t, countries: [US], valueUsd: 1, by: 2026-06 }\n")).toEqual([expect.stringMatching(/targets\.0: name the goods counted/)]);
    expect(problems("margins:\n  - { item: w, owner: o, country: US, usd: 11 }\n")).toEqual([expect.stringMatching(/margins\.0\.usd: margins on w add up to \$11 per unit, more than its value \$10/)]);
    expect(problems("margins:\n  - { item: w, owner: o, country: US }\n")).toEqual([expect.stringMatching(/margins\.0: a margin needs exactly one of `usd` or `share`/)]);
    expect(problems("commitments:\n  - { id: c, items: [w], countries: [US], minShare: 0.5, from: 2026-05, to: 2026-02 }\n")).toEqual([expect.stringMatching(/commitments\.0\.to: 2026-02 is before 2026-05/)]);
  });

  it("a milestone counts named sites or countries, not both", () => {
    const two = base.replace("sites:\n", "sites:\n  - { id: g, name: g, operator: x, country: MX, lat: 0, lon: 0 }\n");
    const milestone = (where: string) => `milestones:\n  - { id: m, description: m, item: w, ${where}, quantityPerPeriod: 1 }\n`;
    const r = loadScenarioText(two + milestone("sites: [f]"));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
    const m = normalize(r.scenario).milestones[0];
    expect(Array.from(m.siteMask)).toEqual([0, 1]); // g is site 0, f site 1
    expect(m.countries).toEqual(["US"]);
    expect(problems(milestone("sites: [nowhere]"))).toEqual([expect.stringMatching(/milestones\.0\.sites\.0: unknown site 'nowhere'/)]);
    expect(problems(milestone("sites: [f], countries: [US]"))).toEqual([expect.stringMatching(/milestones\.0: a milestone needs exactly one of `countries` or `sites`/)]);
    expect(problems("milestones:\n  - { id: m, description: m, item: w, quantityPerPeriod: 1 }\n")).toEqual([expect.stringMatching(/exactly one of `countries` or `sites`/)]);
  });

  it("a tariff with `until` stops after that period", () => {
    const two = base
      .replace("sites:\n", "sites:\n  - { id: g, name: g, operator: x, country: MX, lat: 0, lon: 0 }\n")
      .replace("demand:\n  - { id: d, site: f,", "lanes:\n  - { id: gf, from: g, to: f, items: [w] }\ndemand:\n  - { id: d, site: f,");
    const tariff = (until: string) => `policies:\n  tariffs:\n    - { id: s122, origin: MX, destination: US, items: [w], rate: 0.1, from: 2026-02${until} }\n`;
    const r = loadScenarioText(two + tariff(", until: 2026-04"));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
    // 10% of $10 a unit in 2026-02..2026-04 (t = 1..3), nothing after.
    expect(Array.from(normalize(r.scenario).arcTariff)).toEqual([0, 1, 1, 1, 0, 0]);
    const open = loadScenarioText(two + tariff(""));
    if (!open.ok) throw new Error("no until does not load");
    expect(Array.from(normalize(open.scenario).arcTariff)).toEqual([0, 1, 1, 1, 1, 1]);
    const inverted = loadScenarioText(two + tariff(", until: 2026-01"));
    expect(inverted.ok ? [] : inverted.problems.map((p) => `${p.path.join(".")}: ${p.message}`)).toEqual(["policies.tariffs.0.until: 2026-01 is before 2026-02"]);
  });
});
