// Hard limits on what a scenario text may hold, checked before the work they bound is done: parsing
// and validating stay linear in the text, and no engine is asked to allocate arrays a scenario could
// make arbitrarily large. Each is far above what a real scenario needs (the largest benchmark, 2,000
// sites and 20,000 operations, is 9.4 MB of JSON with 500,000 values, lists of 20,000 entries,
// mappings of 14 keys, 5 levels deep and 1.3 M period cells).
import type { Problem } from "./problems.js";
import type { Scenario } from "./schema.js";

export const LIMITS = {
  /** Characters of scenario text (the CLI refuses a file of more bytes before reading it). */
  textChars: 16 * 1024 * 1024,
  /** Levels of mappings and lists. */
  depth: 64,
  /** Keys in one mapping: a scenario's mappings have a few dozen at most. */
  mappingKeys: 1_000,
  /** Entries in one list. */
  listItems: 100_000,
  /** Values (scalars, mappings and lists) in the whole text. */
  nodes: 2_000_000,
  /**
   * Periods times the entities the engines keep per period (resources, operations, lane items, demand,
   * inputs, stock), and lane items times trade policies: the sizes of the arrays and loops that
   * normalizing and the engines allocate. Ten million cells are 80 MB per array of numbers.
   */
  cells: 10_000_000,
  /** Problems reported for one text; the rest are counted in a last one. */
  problems: 1_000,
} as const;

export const count = (n: number) => n.toLocaleString("en-US");

/** The size problem of a scenario that passed the schema, or null. Linear in its lists. */
export function sizeProblem(s: Scenario): Problem | null {
  let laneItems = 0;
  for (const l of s.lanes) laneItems += l.items.length;
  let inputs = 0;
  for (const o of s.operations) inputs += o.consumes.length + o.uses.length;
  const entities = s.resources.length + s.operations.length + 2 * laneItems + s.demand.length + inputs + s.inventory.length;
  const cells = s.horizon.periods * entities;
  if (cells > LIMITS.cells) {
    return {
      code: "limit",
      path: ["horizon", "periods"],
      message: `the scenario is too large: ${count(s.horizon.periods)} periods x ${count(entities)} resources, operations, lane items, demands, inputs and stock entries = ${count(cells)} cells; the limit is ${count(LIMITS.cells)}`,
    };
  }
  const policies = s.policies.tariffs.length + s.policies.exportControls.length;
  if (laneItems * policies > LIMITS.cells) {
    return {
      code: "limit",
      path: ["policies"],
      message: `the scenario is too large: ${count(laneItems)} lane items x ${count(policies)} tariffs and export controls = ${count(laneItems * policies)}; the limit is ${count(LIMITS.cells)}`,
    };
  }
  return null;
}
