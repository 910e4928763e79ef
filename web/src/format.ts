// The dashboard's numbers go through the same formatter as the CLI's and the report's (src/format), so
// that "−$32.3B" reads the same everywhere; this file adds only what is the dashboard's own (colours).
export { byKey, compact, count, elapsed, money, moneyTick, percent, percentTick, periodSpan, plain, valueAxis } from "../../src/format/index.js";

export const COUNTRY_COLORS: Record<string, string> = { US: "#2563eb", TW: "#dc2626", KR: "#16a34a", MX: "#d97706", JP: "#7c3aed", CN: "#db2777", MY: "#0891b2", VN: "#65a30d" };
export const countryColor = (c: string) => COUNTRY_COLORS[c] ?? "#475569";
export const ONSHORE = "#2563eb";
export const OFFSHORE = "#ea580c";

export function cumulative(values: number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}
