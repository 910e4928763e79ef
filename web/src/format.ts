export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a >= 1e9) return `$${(v / 1e9).toFixed(a >= 1e11 ? 0 : 1)}B`;
  if (a >= 1e6) return `$${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `$${(v / 1e3).toFixed(1)}k`;
  return `$${v.toFixed(0)}`;
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)}%`);

export const COUNTRY_COLORS: Record<string, string> = { US: "#2563eb", TW: "#dc2626", KR: "#16a34a", MX: "#d97706", JP: "#7c3aed", CN: "#db2777", MY: "#0891b2", VN: "#65a30d" };
export const countryColor = (c: string) => COUNTRY_COLORS[c] ?? "#475569";
export const ONSHORE = "#2563eb";
export const OFFSHORE = "#ea580c";

export function cumulative(values: number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}

export function duration(startedAt: string, endedAt: string | null): string {
  if (!endedAt) return "…";
  const s = (Date.parse(endedAt) - Date.parse(startedAt)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
