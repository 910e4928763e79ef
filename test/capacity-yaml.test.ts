// The What-if view's "Save as variant" writes capacity factors into the scenario's YAML as level steps
// where that is exact. Checked on the tutorial: the written text loads, and its capacities are the ones
// derived by hand from scenarios/tutorial.yaml.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarioText, normalize } from "../src/model/index.js";
import { networkView } from "../src/server/scenarios.js";
import { writeCapacityFactors } from "../web/src/capacityYaml.js";

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
    expect(w.text).toContain("# A five-site network"); // comments kept
  });

  test("with nothing written the text is returned as it was", async () => {
    const w = await writeCapacityFactors(tutorial, network(tutorial), [{ resource: "nope", from: "2026-01", factor: 2 }]);
    expect(w.text).toBe(tutorial);
    expect(w.skipped).toEqual([{ resource: "nope", reason: "not found in the text" }]);
  });
});
