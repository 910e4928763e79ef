// Text widths for laying out server-rendered charts. ECharts cannot measure text without a canvas, and
// its fallback guesses too narrow, so legends and labels drawn by a browser overlapped. These are
// DejaVu Sans advance widths (per 100 px, ASCII 32..126), measured in Chromium: among the widest
// sans-serif faces a reader's system-ui may resolve to, so what fits here fits there.
const REGULAR = [
  32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63, 61,
  73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
];
const BOLD = [
  35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72,
  68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
];
/** Anything outside ASCII (dashes, the minus sign, ellipsis, accented letters): a wide letter's width. */
const OTHER = 84;

/** Width in px of one line of text at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    units += code >= 32 && code < 127 ? table[code - 32] : OTHER;
  }
  return (units * size) / 100;
}

/** A CSS font shorthand's size and weight, as ECharts passes it: "bold 15px system-ui, sans-serif". */
export function fontOf(font: string | undefined): { size: number; bold: boolean } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? "")?.[1] ?? 12);
  return { size, bold: /\b(bold|bolder|[6-9]00)\b/.test(font ?? "") };
}
