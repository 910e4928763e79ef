// The What-if grid's demand rows: what was typed for a demand's price and its quantity factor, checked as
// it is typed and turned into the API's price and demand edits. Pure (no React), so that the checks are
// tested on their own; a field with a problem says so beside it and sends nothing.
import type { DemandEdit, NetworkView, PriceEdit } from "./types";

export interface DemandRow {
  /** USD per unit; empty keeps the scenario's. */
  price: string;
  /** The quantity per period times this; empty keeps it. */
  factor: string;
  /** The first period the factor applies to; empty is the horizon's first. */
  from: string;
}

export type DemandField = keyof DemandRow;

export interface DemandGrid {
  price: PriceEdit[];
  demand: DemandEdit[];
  /** By demand id, what is wrong with each field that has a problem. */
  problems: Record<string, Partial<Record<DemandField, string>>>;
}

/** The API's bounds (src/server/schemas.ts): a price up to 1e12 USD, a factor up to 1000. */
const MAX_PRICE = 1e12;
const MAX_FACTOR = 1000;
// A decimal figure, with commas between thousands allowed ("400,000"); never hex, never "1,5".
const FIGURE = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?(e[+-]?\d+)?$/i;

/** The figure typed, a problem with it, or null where the field is empty. */
export function parseFigure(raw: string, max: number): { value: number } | { problem: string } | null {
  const s = raw.trim();
  if (s === "") return null;
  if (!FIGURE.test(s) || !/\d/.test(s.replace(/e.*$/i, ""))) return { problem: "not a number" };
  const value = Number(s.replace(/,/g, ""));
  if (!Number.isFinite(value)) return { problem: "not a number" };
  if (value < 0) return { problem: "must not be negative" };
  if (value > max) return { problem: `must be at most ${max.toLocaleString("en-US")}` };
  return { value };
}

/** The edits the rows make (a price or a factor the same as the scenario's makes none), and their problems. */
export function demandGrid(network: NetworkView, rows: Readonly<Record<string, DemandRow>>): DemandGrid {
  const out: DemandGrid = { price: [], demand: [], problems: {} };
  const periods = network.periods;
  const span = `${periods[0]} .. ${periods[periods.length - 1]}`;
  for (const d of network.demands) {
    const row = rows[d.id];
    if (!row) continue;
    const problems: Partial<Record<DemandField, string>> = {};
    const price = parseFigure(row.price, MAX_PRICE);
    if (price && "problem" in price) problems.price = price.problem;
    else if (price && price.value !== d.priceUsd) out.price.push({ demand: d.id, priceUsd: price.value });
    const from = row.from.trim() || periods[0];
    if (!periods.includes(from)) problems.from = `'${from}' is not a period of the scenario (${span})`;
    const factor = d.unbounded ? null : parseFigure(row.factor, MAX_FACTOR);
    if (factor && "problem" in factor) problems.factor = factor.problem;
    else if (factor && factor.value !== 1 && !problems.from) out.demand.push({ demand: d.id, from, factor: factor.value });
    if (Object.keys(problems).length) out.problems[d.id] = problems;
  }
  return out;
}
