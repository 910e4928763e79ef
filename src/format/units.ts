// Units read from a key by the project's naming convention (deliveredValueUsd, onshoreValueShare,
// ttsPeriods...), and a value formatted by its unit: how run history and comparisons print KPIs.
import { count, money, percent, plain, points, type SignOption } from "./number.js";

export type Unit = "USD" | "0-1" | "periods" | "ms";

const UNIT_SUFFIXES: [RegExp, Unit][] = [
  [/Usd$/, "USD"],
  [/Share$/, "0-1"],
  [/(^p|P)robability[A-Za-z]*$/, "0-1"],
  [/Periods$/, "periods"],
  [/Ms$/, "ms"],
  [/Index$/, "0-1"],
];
/** Statistic suffixes of a distribution's summary: `deliveredValueUsd.p50` has the unit of `deliveredValueUsd`. */
const STATISTIC = /^(mean|sd|min|max|p\d{1,2})$/;

/** The unit of a (dotted) key: its last segment's, or the distribution's when it ends in a statistic. */
export function unitOf(key: string): Unit | undefined {
  const parts = key.split(".");
  let last = parts.pop() ?? key;
  if (STATISTIC.test(last) && parts.length > 0) last = parts.pop() as string;
  return UNIT_SUFFIXES.find(([re]) => re.test(last))?.[1];
}

/** A value by the unit its key names; `delta` prints a difference (shares in percentage points). */
export function byKey(key: string, v: unknown, opts?: SignOption & { delta?: boolean }): string {
  if (typeof v !== "number") return v === null || v === undefined ? "" : String(v);
  switch (unitOf(key)) {
    case "USD":
      return money(v, opts);
    case "0-1":
      return opts?.delta ? points(v, opts) : percent(v, opts);
    case "periods":
      return count(v, opts);
    case "ms":
      return `${count(v, opts)} ms`;
    default:
      return Number.isInteger(v) ? count(v, opts) : opts?.sign && v > 0 ? `+${plain(v)}` : plain(v);
  }
}
