// The What-if view's "Save as variant" writes capacity factors into the scenario's YAML as level steps
// where that is exact. Checked on the tutorial: the written text loads, and its capacities are the ones
// derived by hand from scenarios/tutorial.yaml.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarioText, normalize } from "../src/model/index.js";
import { networkView } from "../src/server/scenarios.js";
import { writeCapacityFactors, writeWhatIf } from "../web/src/capacityYaml.js";

const root = new URL("..", import.meta.url).pathname;
const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");

function network(text: string) {
  const r = loadScenarioText(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return networkView(normalize(r.scenario));
}

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
