// A stored run as tables: a payload that is a list of payloads (stressByDate, one stress result per date)
// gives each its own scalar table and lists, numbered from 1, instead of one cell of JSON too long for a sheet.
import { describe, expect, it } from "vitest";
import type { Run } from "./store.js";
import { runTables } from "./tables.js";

describe("runTables", () => {
  it("splits a list of payloads into one set of tables each", () => {
    const run = {
      id: "r",
      scenarioName: "s",
      scenarioHash: "h",
      status: "complete",
      startedAt: "",
      endedAt: "",
      error: null,
      options: {},
      kpis: {},
      scenarioText: "",
      results: {
        stress: { period: "2027-04", nodes: [{ id: "a", lostValueUsd: 5 }] },
        stressByDate: [
          { period: "2026-01", primary: false, nodes: [{ id: "a", lostValueUsd: 1 }] },
          { period: "2027-04", primary: true, nodes: [{ id: "a", lostValueUsd: 5 }] },
        ],
      },
    } as unknown as Run;
    const tables = runTables(run);
    expect(tables.map((t) => t.name)).toEqual(["run", "kpis", "stress", "stress_nodes", "stressByDate_1", "stressByDate_1_nodes", "stressByDate_2", "stressByDate_2_nodes"]);
    const t = (name: string) => tables.find((x) => x.name === name);
    expect(t("stressByDate_1")?.rows).toEqual([
      ["period", "2026-01", null],
      ["primary", false, null],
    ]);
    expect(t("stressByDate_2_nodes")?.rows).toEqual([["a", 5]]);
  });
});
