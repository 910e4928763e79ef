// Periods: a scenario's time buckets. Monthly periods are written "2025-04", weekly ones "2025-W14".
// Everything inside the engines is a zero-based period index relative to the horizon's start.

export type Bucket = "month" | "week";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

/**
 * Absolute ordinal of a period label, or null if malformed: months since year 0, or weeks since the
 * Monday 1969-12-29 that starts ISO week 1970-W01. Always an integer, so differences are exact indexes.
 */
export function periodOrdinal(label: string, bucket: Bucket): number | null {
  if (bucket === "month") {
    const m = MONTH.exec(label);
    return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
  }
  const w = WEEK.exec(label);
  if (!w) return null;
  const year = Number(w[1]);
  const week = Number(w[2]);
  // Only years whose ISO calendar has 53 weeks (371 days to the next year's week 1) have a W53.
  if (week === 53 && isoWeekStartDay(year + 1, 1) - isoWeekStartDay(year, 1) < 371) return null;
  return (isoWeekStartDay(year, week) + EPOCH_MONDAY_OFFSET) / 7;
}

/** The label of an absolute ordinal (inverse of periodOrdinal). */
export function periodLabel(ordinal: number, bucket: Bucket): string {
  if (bucket === "month") {
    const year = Math.floor(ordinal / 12);
    const month = ordinal - year * 12 + 1;
    return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
  }
  // Thursday of the week decides its ISO year.
  const monday = ordinal * 7 - EPOCH_MONDAY_OFFSET;
  const year = new Date((monday + 3) * 86_400_000).getUTCFullYear();
  const week = (monday - isoWeekStartDay(year, 1)) / 7 + 1;
  return `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`;
}

/** 1970-01-01 was a Thursday: the Monday before it is day -3. */
const EPOCH_MONDAY_OFFSET = 3;

/** Days since 1970-01-01 of the Monday starting ISO week `week` of `year`. */
function isoWeekStartDay(year: number, week: number): number {
  const jan4 = Date.UTC(year, 0, 4) / 86_400_000;
  const jan4Weekday = (new Date(jan4 * 86_400_000).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - jan4Weekday + (week - 1) * 7;
}

export function periodPattern(bucket: Bucket): string {
  return bucket === "month" ? "YYYY-MM" : "YYYY-Www";
}

/** Labels of every period of a horizon. */
export function horizonLabels(start: string, periods: number, bucket: Bucket): string[] {
  const first = periodOrdinal(start, bucket);
  if (first === null) throw new Error(`bad period ${start}`);
  return Array.from({ length: periods }, (_, i) => periodLabel(first + i, bucket));
}
