// The What-if view's "Save as variant" writes capacity factors into the scenario's YAML as level steps,
// and prices and demand quantity factors into its demand entries, where that is exact. Checked on the
// tutorial: the written text loads, its figures are the ones derived by hand from scenarios/tutorial.yaml
// (and the ones the what-if API's own edit gives), and every line but those written is byte-identical.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarioText, normalize, withEdits } from "../src/model/index.js";
import { diffScenarios } from "../src/run/compare.js";
import { networkView } from "../src/server/scenarios.js";
import { writeCapacityFactors, writeDemandEdits, writeWhatIf } from "../web/src/capacityYaml.js";

const root = new URL("..", import.meta.url).pathname;
const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");

function normalized(text: string) {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return normalize(r.scenario);
}
const network = (text: string) => networkView(normalized(text));

describe("writeCapacityFactors", () => {
  test("a flat capacity scaled from a period becomes a level step; a ramped one is skipped, with why", async () => {
    const net = network(tutorial);
    const w = await writeCapacityFactors(tutorial, net, [
      { resource: "asm-us-lines", from: "2026-03", factor: 0.5 },
      { resource: "fab-us-starts", from: "2026-03", factor: 2 },
    ]);
    // asm-us-lines: 30 servers/month from 2026-01 (tutorial.yaml), halved from 2026-03 = 15.
    expect(w.written).toEqual([{ resource: "asm-us-lines", from: "2026-03", level: 15 }]);
    // fab-us-starts ramps from 2026-03 to 2026-06: not flat, left for the YAML editor.
    expect(w.skipped.map((s) => s.resource)).toEqual(["fab-us-starts"]);
    const after = network(w.text);
    const asm = after.resources.find((r) => r.id === "asm-us-lines")?.capacity;
    expect(asm).toEqual([30, 30, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15]);
    // Nothing else changed.
    for (const r of after.resources) if (r.id !== "asm-us-lines") expect(r.capacity).toEqual(net.resources.find((x) => x.id === r.id)?.capacity);
    // Only that line changed, in the text's own flow style.
    expect(w.text).toBe(tutorial.replace("levels: [{ from: 2026-01, level: 30 }]", "levels: [{ from: 2026-01, level: 30 }, { from: 2026-03, level: 15 }]"));
  });

  test("a block list of levels gets a new item at its own indent", async () => {
    const block = tutorial.replace("    levels: [{ from: 2026-01, level: 300 }]\n", "    levels:\n      - { from: 2026-01, level: 300 } # packaging lines\n");
    const w = await writeCapacityFactors(block, network(block), [{ resource: "pkg-tw-lines", from: "2026-07", factor: 1.5 }]);
    // 300 packages/month x 1.5 = 450 from 2026-07.
    expect(w.written).toEqual([{ resource: "pkg-tw-lines", from: "2026-07", level: 450 }]);
    expect(w.text).toBe(block.replace("# packaging lines\n", "# packaging lines\n      - { from: 2026-07, level: 450 }\n"));
    expect(network(w.text).resources.find((r) => r.id === "pkg-tw-lines")?.capacity).toEqual([300, 300, 300, 300, 300, 300, 450, 450, 450, 450, 450, 450]);
  });

  test("a resource without levels, in block or flow style, gets a levels list of its own", async () => {
    // asm-us-lines as a one-period flat ramp at 30 (block map); pkg-tw-lines the same at 300, as a flow map.
    const text = tutorial
      .replace("    levels: [{ from: 2026-01, level: 30 }]\n", "    ramps: [{ start: 2026-01, periods: 1, shape: linear, from: 30, to: 30 }]\n")
      .replace(
        "  - id: pkg-tw-lines\n    site: pkg-tw\n    name: Packaging lines\n    unit: packages/month\n    levels: [{ from: 2026-01, level: 300 }]\n    source: tut\n",
        "  - { id: pkg-tw-lines, site: pkg-tw, name: Packaging lines, unit: packages/month, ramps: [{ start: 2026-01, periods: 1, shape: linear, from: 300, to: 300 }], source: tut }\n",
      );
    expect(text).toContain("  - { id: pkg-tw-lines,");
    const w = await writeCapacityFactors(text, network(text), [
      { resource: "asm-us-lines", from: "2026-03", factor: 0.5 },
      { resource: "pkg-tw-lines", from: "2026-11", factor: 2 },
    ]);
    expect(w.skipped).toEqual([]);
    expect(w.text).toContain("  - id: asm-us-lines\n    levels: [{ from: 2026-03, level: 15 }]\n    site: asm-us\n");
    expect(w.text).toContain("source: tut, levels: [{ from: 2026-11, level: 600 }] }");
    const after = network(w.text).resources;
    // By hand: 30 until 2026-02 then 15; 300 until 2026-10 then 600.
    expect(after.find((r) => r.id === "asm-us-lines")?.capacity).toEqual([30, 30, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15]);
    expect(after.find((r) => r.id === "pkg-tw-lines")?.capacity).toEqual([300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 600, 600]);
  });

  test("with nothing written the text is returned as it was", async () => {
    const w = await writeCapacityFactors(tutorial, network(tutorial), [{ resource: "nope", from: "2026-01", factor: 2 }]);
    expect(w.text).toBe(tutorial);
    expect(w.skipped).toEqual([{ resource: "nope", reason: "not found in the text" }]);
  });
});

describe("writeWhatIf", () => {
  const events = "events:\n  - { id: us-fab-out, kind: outage, start: 2026-03, periods: 2, resource: fab-us-starts, assumption: a test }\n";

  test("appended to a text without one: the rest of the text unchanged, and the event in force when it loads", async () => {
    const text = `${tutorial}${events}`;
    const out = await writeWhatIf(text, ["us-fab-out"], false);
    expect(out.startsWith(text)).toBe(true);
    expect(out.slice(text.length)).toBe("whatIf: { events: [us-fab-out], foresight: false }\n");
    const r = loadScenarioText(out);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario.whatIf).toEqual({ events: ["us-fab-out"], foresight: false });
  });

  test("a block already there (block or flow style) is replaced on its own lines, the lines after it kept", async () => {
    const block = `${tutorial}whatIf:\n  events: [us-fab-out]\n  foresight: true\n${events}`;
    const out = await writeWhatIf(block, [], false);
    expect(out).toBe(`${tutorial}whatIf: { events: [], foresight: false }\n${events}`);
    const again = await writeWhatIf(out, ["us-fab-out"], true);
    expect(again).toBe(`${tutorial}whatIf: { events: [us-fab-out], foresight: true }\n${events}`);
    const r = loadScenarioText(again);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario.whatIf).toEqual({ events: ["us-fab-out"], foresight: true });
  });
});

describe("writeDemandEdits", () => {
  const SCHEDULE = "    schedule: [{ from: 2026-04, quantity: 20 }, { from: 2026-10, quantity: 30 }]\n";
  // By hand from scenarios/tutorial.yaml: us-servers' price is on line 90, its schedule on line 91.
  const PRICE_LINE = 90;
  const SCHEDULE_LINE = 91;
  /** The (1-based) numbers of the lines that differ between two texts of as many lines. */
  const changedLines = (a: string, b: string) => {
    const x = a.split("\n");
    const y = b.split("\n");
    expect(y.length).toBe(x.length);
    return x.flatMap((l, i) => (l === y[i] ? [] : [i + 1]));
  };
  /** us-servers' quantity per period in a text, and as the what-if API's own edit of the original makes it. */
  const quantities = (text: string) => Array.from(normalized(text).demandQty);
  const apiQuantities = (text: string, from: string, factor: number) => {
    const r = withEdits(normalized(text), { demand: [{ demand: "us-servers", from, factor }] });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return Array.from(r.net.demandQty);
  };

  test("the tutorial's lines are where this test says", () => {
    const lines = tutorial.split("\n");
    expect(lines[PRICE_LINE - 1]).toBe("    priceUsd: 400000");
    expect(`${lines[SCHEDULE_LINE - 1]}\n`).toBe(SCHEDULE);
  });

  test("a price rewrites that demand's figure in place: that line alone changes, and compare reports it at that line on both sides", async () => {
    const w = await writeDemandEdits(tutorial, network(tutorial), { price: [{ demand: "us-servers", priceUsd: 500000 }] });
    expect(w.written).toEqual([{ edit: "price", demand: "us-servers", priceUsd: 500000 }]);
    expect(w.skipped).toEqual([]);
    expect(changedLines(tutorial, w.text)).toEqual([PRICE_LINE]);
    expect(w.text.split("\n")[PRICE_LINE - 1]).toBe("    priceUsd: 500000");
    expect(network(w.text).demands.map((d) => d.priceUsd)).toEqual([500000]);
    expect(diffScenarios(tutorial, w.text)).toEqual([{ path: "demand[us-servers].priceUsd", a: 400000, b: 500000, lineA: PRICE_LINE, lineB: PRICE_LINE }]);
  });

  test("a price in a one-line flow entry keeps the rest of the line, its comment included", async () => {
    const flow = tutorial.replace(
      `  - id: us-servers\n    site: dc-us\n    item: server\n    priceUsd: 400000\n${SCHEDULE}    source: tut\n`,
      "  - { id: us-servers, site: dc-us, item: server, priceUsd: 400000, schedule: [{ from: 2026-04, quantity: 20 }], source: tut } # the only demand\n",
    );
    expect(flow).toContain("# the only demand");
    const w = await writeDemandEdits(flow, network(flow), { price: [{ demand: "us-servers", priceUsd: 412345.5 }] });
    expect(w.text).toBe(flow.replace("priceUsd: 400000,", "priceUsd: 412345.5,"));
    const line = flow.split("\n").findIndex((l) => l.includes("# the only demand")) + 1;
    expect(diffScenarios(flow, w.text)).toEqual([{ path: "demand[us-servers].priceUsd", a: 400000, b: 412345.5, lineA: line, lineB: line }]);
  });

  test("a quantity factor from inside a step: the later steps scaled, a step opened at that period, in period order", async () => {
    const w = await writeDemandEdits(tutorial, network(tutorial), { quantity: [{ demand: "us-servers", from: "2026-07", factor: 1.5 }] });
    expect(w.written).toEqual([{ edit: "quantity", demand: "us-servers", from: "2026-07", factor: 1.5, steps: 2 }]);
    expect(changedLines(tutorial, w.text)).toEqual([SCHEDULE_LINE]);
    expect(w.text).toBe(tutorial.replace(SCHEDULE, "    schedule: [{ from: 2026-04, quantity: 20 }, { from: 2026-07, quantity: 30 }, { from: 2026-10, quantity: 45 }]\n"));
    // By hand: 20 a month from 2026-04, 30 from 2026-10; x 1.5 from 2026-07: 30 then 45.
    expect(quantities(w.text)).toEqual([0, 0, 0, 20, 20, 20, 30, 30, 30, 45, 45, 45]);
    expect(quantities(w.text)).toEqual(apiQuantities(tutorial, "2026-07", 1.5));
  });

  test("a scaled figure is written as a person would type it: 3 x 1.1 is 3.3, not 3.3000000000000003", async () => {
    const small = tutorial.replace(SCHEDULE, "    schedule: [{ from: 2026-04, quantity: 3 }, { from: 2026-10, quantity: 30 }]\n");
    expect(3 * 1.1).not.toBe(3.3);
    const w = await writeDemandEdits(small, network(small), { quantity: [{ demand: "us-servers", from: "2026-04", factor: 1.1 }] });
    expect(w.text).toBe(tutorial.replace(SCHEDULE, "    schedule: [{ from: 2026-04, quantity: 3.3 }, { from: 2026-10, quantity: 33 }]\n"));
  });

  test("from a step's own period, or before the first step: every step from there scaled, none added", async () => {
    const doubled = tutorial.replace(SCHEDULE, "    schedule: [{ from: 2026-04, quantity: 40 }, { from: 2026-10, quantity: 60 }]\n");
    for (const from of ["2026-04", "2026-02"]) {
      const w = await writeDemandEdits(tutorial, network(tutorial), { quantity: [{ demand: "us-servers", from, factor: 2 }] });
      expect(w.text).toBe(doubled);
      expect(w.written).toEqual([{ edit: "quantity", demand: "us-servers", from, factor: 2, steps: 2 }]);
      expect(quantities(w.text)).toEqual(apiQuantities(tutorial, from, 2));
    }
    expect(quantities(doubled)).toEqual([0, 0, 0, 40, 40, 40, 40, 40, 40, 60, 60, 60]);
  });

  test("a block schedule of block maps: the figures rewritten in place, the new step a line of its own, comments kept", async () => {
    const block = tutorial.replace(SCHEDULE, "    schedule:\n      - from: 2026-04\n        quantity: 20\n      - from: 2026-10 # the second line\n        quantity: 30 # later\n");
    const w = await writeDemandEdits(block, network(block), { price: [{ demand: "us-servers", priceUsd: 350000 }], quantity: [{ demand: "us-servers", from: "2026-07", factor: 0.5 }] });
    expect(w.skipped).toEqual([]);
    expect(w.text).toBe(
      block
        .replace("priceUsd: 400000", "priceUsd: 350000")
        .replace("      - from: 2026-10 # the second line\n        quantity: 30 # later\n", "      - { from: 2026-07, quantity: 10 }\n      - from: 2026-10 # the second line\n        quantity: 15 # later\n"),
    );
    expect(quantities(w.text)).toEqual([0, 0, 0, 20, 20, 20, 10, 10, 10, 15, 15, 15]);
    expect(quantities(w.text)).toEqual(apiQuantities(block, "2026-07", 0.5));
  });

  test("within a demand's window (until): still the API's quantities, the months after it staying empty", async () => {
    const windowed = tutorial.replace("    source: tut\n\ntargets:", "    until: 2026-11\n    source: tut\n\ntargets:");
    expect(windowed).toContain("until: 2026-11");
    const w = await writeDemandEdits(windowed, network(windowed), { quantity: [{ demand: "us-servers", from: "2026-08", factor: 3 }] });
    expect(quantities(w.text)).toEqual([0, 0, 0, 20, 20, 20, 20, 60, 60, 90, 90, 0]);
    expect(quantities(w.text)).toEqual(apiQuantities(windowed, "2026-08", 3));
  });

  test("what is not exact is skipped, with why, and the text kept as it was", async () => {
    const net = network(tutorial);
    const w = await writeDemandEdits(tutorial, net, {
      price: [
        { demand: "nope", priceUsd: 1 },
        { demand: "us-servers", priceUsd: -5 },
      ],
      quantity: [
        { demand: "us-servers", from: "2027-01", factor: 2 },
        { demand: "nope", from: "2026-01", factor: 2 },
      ],
    });
    expect(w.text).toBe(tutorial);
    expect(w.written).toEqual([]);
    expect(w.skipped).toEqual([
      { edit: "price", demand: "nope", reason: "not found in the text" },
      { edit: "price", demand: "us-servers", reason: "-5 is not a price from 0 to 1e12" },
      { edit: "quantity", demand: "us-servers", reason: "'2027-01' is not a period of the scenario" },
      { edit: "quantity", demand: "nope", reason: "not found in the text" },
    ]);

    // Unbounded: nothing to scale (the API refuses a factor on it too); its price is still written.
    const unbounded = tutorial.replace(SCHEDULE, "    unbounded: true\n");
    const u = await writeDemandEdits(unbounded, network(unbounded), { price: [{ demand: "us-servers", priceUsd: 1 }], quantity: [{ demand: "us-servers", from: "2026-03", factor: 2 }] });
    expect(u.skipped).toEqual([{ edit: "quantity", demand: "us-servers", reason: "it is unbounded: it has no quantity to scale" }]);
    expect(u.text).toBe(unbounded.replace("priceUsd: 400000", "priceUsd: 1"));

    // An anchored figure may be shared by an alias elsewhere: rewriting it could change more than this demand.
    const anchored = tutorial.replace("priceUsd: 400000", "priceUsd: &price 400000").replace("quantity: 30 }", "quantity: &late 30 }");
    const a = await writeDemandEdits(anchored, network(anchored), { price: [{ demand: "us-servers", priceUsd: 2 }], quantity: [{ demand: "us-servers", from: "2026-01", factor: 2 }] });
    expect(a.text).toBe(anchored);
    expect(a.skipped).toEqual([
      { edit: "price", demand: "us-servers", reason: "its price is not a plain figure in the text" },
      { edit: "quantity", demand: "us-servers", reason: "its schedule is not a list of plain { from, quantity } steps in the text" },
    ]);

    // Two factors on one demand: the first written, the second (which would compound on it) left out.
    const twice = await writeDemandEdits(tutorial, net, { quantity: [{ demand: "us-servers", from: "2026-01", factor: 2 }, { demand: "us-servers", from: "2026-06", factor: 3 }] });
    expect(twice.written.map((x) => x.edit === "quantity" && x.from)).toEqual(["2026-01"]);
    expect(twice.skipped).toEqual([{ edit: "quantity", demand: "us-servers", reason: "a second quantity edit of the same demand (give one)" }]);

    // A factor past what a scenario takes (1e12 a period) would not load: skipped.
    const huge = tutorial.replace("quantity: 30 }", "quantity: 900000000000 }");
    const h = await writeDemandEdits(huge, network(huge), { quantity: [{ demand: "us-servers", from: "2026-01", factor: 1000 }] });
    expect(h.skipped).toEqual([{ edit: "quantity", demand: "us-servers", reason: "a scaled quantity would be past 1e12 a period, the most a scenario takes" }]);
    expect(h.text).toBe(huge);
  });
});
