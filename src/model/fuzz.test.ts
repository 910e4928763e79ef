// Property: whatever is done to a valid scenario's text, the loader answers with a Scenario that
// normalizes into sane arrays, or with clean positioned problems; it never throws. Fixed seeds.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMutation, KINDS, type Mutation, verdict } from "../../bench/model/mutate.mjs";
import { loadScenarioText, normalize } from "./index.js";

const SCENARIOS = join(import.meta.dirname, "../../scenarios");
const api = { loadScenarioText, normalize: normalize as (s: never) => unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  a: fc.nat(),
  b: fc.nat(),
  s: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(":", "- ", "{", "]", '"', "\t", "\n  x: 1\n", "&a", "*a", "\uFEFF", "2026-13")),
});
const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

function fuzz(file: string, seed: number, numRuns: number) {
  const base = readFileSync(join(SCENARIOS, file), "utf8");
  let valid = 0;
  const counting = {
    ...api,
    loadScenarioText: (text: string) => {
      const r = loadScenarioText(text);
      if (r.ok) valid++;
      return r;
    },
  };
  fc.assert(
    fc.property(mutations, (ms) => {
      const v = verdict(ms.reduce(applyMutation, base), counting);
      if (v !== null) throw new Error(v); // fast-check prints the mutations that led here
    }),
    { seed, numRuns, endOnFailure: true },
  );
  return valid;
}

describe("fuzzing the loader (fast-check, fixed seeds)", () => {
  it("verdict accepts the unmutated tutorial and catches a broken result", () => {
    const text = readFileSync(join(SCENARIOS, "tutorial.yaml"), "utf8");
    expect(verdict(text, api)).toBeNull();
    expect(verdict(text, { loadScenarioText: () => ({ ok: false, problems: [{ code: "syntax", path: [], message: "m", line: 0, col: 1 }] }), normalize: api.normalize })).toMatch(/bad position/);
    expect(verdict(text, { loadScenarioText: () => { throw new Error("boom"); }, normalize: api.normalize })).toMatch(/threw/);
  });

  // Sized for about 15 s on a busy 2-core machine (a load is 4-10 ms); bench/model/fuzz.bench.mjs runs 10,000.
  it("1,500 mutations of tutorial.yaml: a valid Scenario or clean problems, never a throw", () => {
    const valid = fuzz("tutorial.yaml", 424242, 1500);
    // Some mutations keep the file valid (a swapped number, a deleted optional key): both branches ran.
    expect(valid).toBeGreaterThan(50);
    expect(valid).toBeLessThan(1500);
  });

  const onshoring = join(SCENARIOS, "us-ai-onshoring-2025.yaml");
  const onshoringValid = existsSync(onshoring) && loadScenarioText(readFileSync(onshoring, "utf8")).ok;
  it.skipIf(!onshoringValid)("100 mutations of us-ai-onshoring-2025.yaml (a 60 kB file)", () => {
    fuzz("us-ai-onshoring-2025.yaml", 515151, 100);
  });
});
