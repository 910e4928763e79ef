// The What-if grid's demand rows, checked as they are typed (web/src/demandGrid.ts): what each field sends
// to the what-if API, and the problem it shows instead when what was typed is not an edit.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarioText, normalize } from "../src/model/index.js";
import { networkView } from "../src/server/scenarios.js";
import { demandGrid, parseFigure } from "../web/src/demandGrid.js";

const root = new URL("..", import.meta.url).pathname;
const loaded = loadScenarioText(readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8"));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
// The tutorial: one demand, us-servers at $400,000, over 2026-01 .. 2026-12.
const net = networkView(normalize(loaded.scenario));
const row = (r: Partial<{ price: string; factor: string; from: string }>) => ({ "us-servers": { price: "", factor: "", from: "", ...r } });

describe("parseFigure", () => {
  test("decimals, exponents and thousands separators are figures; anything else is a problem", () => {
    expect(parseFigure("", 10)).toBeNull();
    expect(parseFigure("  ", 10)).toBeNull();
    for (const [s, v] of [["400000", 400000], ["400,000", 400000], ["1,234,567.5", 1234567.5], [" 0.5 ", 0.5], [".5", 0.5], ["3.5e6", 3.5e6], ["0", 0]] as const) expect(parseFigure(s, 1e12)).toEqual({ value: v });
    for (const s of ["abc", "1,5", "12,34", "0x10", "1e", "e5", ".", "Infinity", "4 00", "$400"]) expect(parseFigure(s, 1e12), s).toEqual({ problem: "not a number" });
    expect(parseFigure("-1", 10)).toEqual({ problem: "must not be negative" });
    expect(parseFigure("1001", 1000)).toEqual({ problem: "must be at most 1,000" });
  });
});

describe("demandGrid", () => {
  test("a new price and a factor from a period are the API's price and demand edits", () => {
    expect(demandGrid(net, row({ price: "500,000", factor: "1.5", from: "2026-07" }))).toEqual({
      price: [{ demand: "us-servers", priceUsd: 500000 }],
      demand: [{ demand: "us-servers", from: "2026-07", factor: 1.5 }],
      problems: {},
    });
    // No period given: from the horizon's first.
    expect(demandGrid(net, row({ factor: "2" })).demand).toEqual([{ demand: "us-servers", from: "2026-01", factor: 2 }]);
  });

  test("the scenario's own price, a factor of 1 and empty fields send nothing", () => {
    expect(demandGrid(net, row({ price: "400000", factor: "1" }))).toEqual({ price: [], demand: [], problems: {} });
    expect(demandGrid(net, {})).toEqual({ price: [], demand: [], problems: {} });
  });

  test("a non-number, a negative figure or a period outside the horizon is a problem at its field, and that edit is not sent", () => {
    const g = demandGrid(net, row({ price: "4oo", factor: "-2", from: "2026-03" }));
    expect(g.price).toEqual([]);
    expect(g.demand).toEqual([]);
    expect(g.problems).toEqual({ "us-servers": { price: "not a number", factor: "must not be negative" } });

    const late = demandGrid(net, row({ price: "-1", factor: "2", from: "2027-01" }));
    expect(late.demand).toEqual([]);
    expect(late.problems).toEqual({ "us-servers": { price: "must not be negative", from: "'2027-01' is not a period of the scenario (2026-01 .. 2026-12)" } });

    // A problem in one field holds back that field's edit only.
    const mixed = demandGrid(net, row({ price: "450000", factor: "x" }));
    expect(mixed.price).toEqual([{ demand: "us-servers", priceUsd: 450000 }]);
    expect(mixed.problems).toEqual({ "us-servers": { factor: "not a number" } });
  });

  test("an unbounded demand has no factor to send", () => {
    const unbounded = { ...net, demands: net.demands.map((d) => ({ ...d, unbounded: true, quantity: null })) };
    expect(demandGrid(unbounded, row({ factor: "2", price: "1" }))).toEqual({ price: [{ demand: "us-servers", priceUsd: 1 }], demand: [], problems: {} });
  });
});
