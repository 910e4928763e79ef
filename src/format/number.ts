// How a number reads wherever a person sees it: the CLI, the HTML report and the dashboard. Pure
// ECMAScript (Intl included), no Node or DOM APIs, so the browser bundle and the core can import it.
// Every number goes through Intl.NumberFormat, which never writes scientific notation; negatives take
// the typographic minus (U+2212), as in "−$17.9B".

export const MINUS = "\u2212";
/** What a missing or non-finite number prints as. */
export const NONE = "–";

export interface SignOption {
  /** Write "+" before positive values (deltas). Zero never takes a sign. */
  sign?: boolean;
}

const formats = new Map<string, Intl.NumberFormat>();
/** A non-negative magnitude with thousands separators and between min and max decimals. */
function digitsOf(abs: number, minDigits: number, maxDigits: number): string {
  const key = `${minDigits}:${maxDigits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits, useGrouping: true });
    formats.set(key, f);
  }
  return f.format(abs);
}

/** `body` is the formatted magnitude; the sign goes in front of everything (currency symbol included). */
function signed(v: number, body: string, opts: SignOption | undefined): string {
  if (!/[1-9]/.test(body)) return body; // rounds to zero: no sign
  if (v < 0) return `${MINUS}${body}`;
  return opts?.sign && v > 0 ? `+${body}` : body;
}

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || Number.isNaN(v);
function infinite(v: number, unit = ""): string {
  return `${v < 0 ? MINUS : ""}∞${unit}`;
}

const SCALES: [number, string][] = [
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"],
];

/**
 * Money in US dollars, scaled: $394, $4.0k, $17.9M, $310.5B, $1,453.5B (billions never turn into
 * trillions, so that figures in one table compare at a glance). One decimal once scaled; under $10
 * with cents when there are any.
 */
export function money(v: number | null | undefined, opts?: SignOption & { digits?: number }): string {
  if (missing(v)) return NONE;
  if (!Number.isFinite(v)) return infinite(v);
  const abs = Math.abs(v);
  const digits = opts?.digits ?? 1;
  // The scale is chosen after rounding, so $999.96M reads $1.0B, not $1,000.0M.
  for (const [scale, suffix] of SCALES) {
    if (Number((abs / scale).toFixed(digits)) >= 1) return signed(v, `$${fixed(abs / scale, digits)}${suffix}`, opts);
  }
  const cents = abs < 10 && Math.abs(abs - Math.round(abs)) >= 0.005 ? 2 : 0;
  return signed(v, `$${fixed(abs, cents)}`, opts);
}

/** An axis tick in dollars: as short as it can be exact ($0, $250B, $2.5M, $500k). */
export function moneyTick(v: number): string {
  if (!Number.isFinite(v)) return NONE;
  const abs = Math.abs(v);
  const [scale, suffix] = SCALES.find(([s]) => abs >= s) ?? [1, ""];
  return signed(v, `$${trimmed(abs / scale, 2)}${suffix}`, undefined);
}

/**
 * A count or quantity with thousands separators: 1,234 or 1,234.5. `digits` fixes the decimals;
 * by default up to one, dropped when zero.
 */
export function count(v: number | null | undefined, opts?: SignOption & { digits?: number }): string {
  if (missing(v)) return NONE;
  if (!Number.isFinite(v)) return infinite(v);
  const abs = Math.abs(v);
  const body = opts?.digits === undefined ? trimmed(abs, 1) : fixed(abs, opts.digits);
  return signed(v, body, opts);
}

/** A quantity with its unit: "1,234 racks/month". */
export function quantity(v: number | null | undefined, unit: string, opts?: SignOption & { digits?: number }): string {
  return missing(v) ? NONE : `${count(v, opts)} ${unit}`;
}

/** A short axis tick for quantities: 950, 1.5k, 12M, 3B. */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return NONE;
  const abs = Math.abs(v);
  const [scale, suffix] = SCALES.find(([s]) => abs >= s) ?? [1, ""];
  return signed(v, `${trimmed(abs / scale, 2)}${suffix}`, undefined);
}

/**
 * A share (0..1) as a percentage with one decimal: 12.3%. Small shares keep two significant digits
 * instead of reading 0.0%: 0.04%, 0.0012%.
 */
export function percent(share: number | null | undefined, opts?: SignOption & { digits?: number }): string {
  if (missing(share)) return NONE;
  if (!Number.isFinite(share)) return infinite(share, "%");
  const pct = Math.abs(share * 100);
  const digits = opts?.digits ?? smallDigits(pct, 1);
  if (pct > 0 && Number(pct.toFixed(digits)) === 0) return `<${fixed(10 ** -digits, digits)}%`;
  return signed(share, `${digitsOf(pct, Math.min(digits, 1), digits)}%`, opts);
}

/** A difference of two shares in percentage points: −18.8 pp. */
export function points(delta: number | null | undefined, opts?: SignOption): string {
  if (missing(delta)) return NONE;
  if (!Number.isFinite(delta)) return infinite(delta, " pp");
  const pp = Math.abs(delta * 100);
  const digits = smallDigits(pp, 1);
  return `${signed(delta, digitsOf(pp, Math.min(digits, 1), digits), opts)} pp`;
}

/** An axis tick for shares (0..1): 0%, 0.5%, 25%. */
export function percentTick(share: number): string {
  if (!Number.isFinite(share)) return NONE;
  return signed(share, `${trimmed(Math.abs(share * 100), 3)}%`, undefined);
}

/** A number of periods: "1 period", "3.7 periods"; infinity reads "∞ periods". */
export function periods(n: number | null | undefined): string {
  if (missing(n)) return NONE;
  if (!Number.isFinite(n)) return `${infinite(n)} periods`;
  const text = count(n);
  return `${text} ${text === "1" ? "period" : "periods"}`;
}

/** A time span of periods: "2026-03..2026-05", or one period alone. */
export function periodSpan(from: string, to: string): string {
  return from === to ? from : `${from}..${to}`;
}

/** Seconds of wall time: "0.4 s", "12.0 s", "2 min 05 s", "1 h 02 min". */
export function seconds(s: number | null | undefined): string {
  if (missing(s) || !Number.isFinite(s)) return NONE;
  if (s < 60) return `${fixed(Math.max(0, s), 1)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")} min`;
}

/** The time between two ISO timestamps, or "…" while the second is missing. */
export function elapsed(startIso: string, endIso: string | null | undefined): string {
  if (!endIso) return "…";
  return seconds((Date.parse(endIso) - Date.parse(startIso)) / 1000);
}

/** A plain number in a table or sentence when no unit applies: up to `maxDigits` decimals. */
export function plain(v: number | null | undefined, maxDigits = 3): string {
  if (missing(v)) return NONE;
  if (!Number.isFinite(v)) return infinite(v);
  return signed(v, trimmed(Math.abs(v), smallDigits(Math.abs(v), maxDigits, maxDigits + 3)), undefined);
}

const fixed = (abs: number, digits: number) => digitsOf(abs, digits, digits);

/** Up to `max` decimals, trailing zeros dropped. */
function trimmed(abs: number, max: number): string {
  return digitsOf(abs, 0, max);
}

/** Decimals that keep two significant digits of a small magnitude (at most `cap`), else `base`. */
function smallDigits(abs: number, base: number, cap = 4): number {
  if (abs === 0 || abs >= 10 ** -base * 10) return base;
  return Math.min(cap, Math.max(base, Math.ceil(-Math.log10(abs)) + 1));
}
