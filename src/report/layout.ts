// Chart layout shared by the report's server-rendered charts and the dashboard's: text widths, wrapped
// titles, and a header (title, legend rows, the value axis's unit) stacked above the plot from those
// widths, so that no two of them overlap at any chart width. Pure: no ECharts, no DOM, no Node.
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

export const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];
export const FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif";
export const INK = "#334155";

export interface Type {
  title: number;
  legend: number;
  axis: number;
}
export const typeFor = (width: number): Type => (width < 500 ? { title: 13, legend: 11, axis: 11 } : { title: 15, legend: 12, axis: 12 });

/** Words wrapped into lines no wider than `width`. */
export function wrap(text: string, size: number, width: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export interface Frame {
  width: number;
  type: Type;
  /** Omitted where the page gives the chart its heading. */
  title?: string;
  legend?: string[];
  /** Unit of the value axis, written above it. */
  unit?: string;
}

/** Title (wrapped), legend (wrapped into rows) and the y unit, stacked; returns their options and where the plot starts. */
export function header(f: Frame): { options: Record<string, unknown>; top: number } {
  const { width, type } = f;
  const titleLines = f.title ? wrap(f.title, type.title, width - 16, true) : [];
  const lineHeight = Math.round(type.title * 1.35);
  let top = titleLines.length ? 8 + titleLines.length * lineHeight : 0;
  const options: Record<string, unknown> = titleLines.length
    ? { title: { text: titleLines.join("\n"), left: 8, top: 8, textStyle: { fontSize: type.title, fontWeight: 600, color: "#0f172a", lineHeight } } }
    : {};
  if (f.legend?.length) {
    const itemWidth = 16;
    const gap = 14;
    const rowHeight = Math.round(type.legend * 1.3) + 8;
    let rows = 1;
    let x = 0;
    for (const name of f.legend) {
      const w = itemWidth + 5 + textWidth(name, type.legend);
      if (x > 0 && x + w > width - 16) {
        rows++;
        x = 0;
      }
      x += w + gap;
    }
    options.legend = {
      data: f.legend,
      left: 8,
      top: top + 6,
      width: width - 16,
      itemWidth,
      itemHeight: 10,
      itemGap: gap,
      textStyle: { fontSize: type.legend, color: INK },
    };
    top += 6 + rows * rowHeight;
  }
  if (f.unit) top += Math.round(type.axis * 1.3) + 6;
  return { options, top: top + 8 };
}

export const axisText = (type: Type) => ({ fontSize: type.axis, color: INK, hideOverlap: true });
/** Labels of a period axis: the first starts at the axis's origin and the last ends at its end, clear of the value axis's labels and the edge. */
export const periodLabels = (type: Type) => ({ ...axisText(type), alignMinLabel: "left", alignMaxLabel: "right" });

/** "month" or "week", from a horizon's period labels ("2026-01" or "2026-W01"). */
export const bucketOf = (periods: string[]) => (/W/.test(periods[0] ?? "") ? "week" : "month");

/** A value axis with its unit above it, round ticks, labels by `format`. */
export function valueY(type: Type, unit: string, format: (v: number) => string, range?: { min: number; max: number; interval: number }) {
  return {
    type: "value",
    name: unit,
    nameLocation: "end",
    nameGap: 10,
    nameTextStyle: { fontSize: type.axis, color: INK, align: "left" },
    ...(range ?? {}),
    axisLabel: { ...axisText(type), formatter: format },
  };
}

/** Left margin for the value axis's labels. */
export const yLabelRoom = (type: Type, labels: string[]) => Math.ceil(Math.max(...labels.map((l) => textWidth(l, type.axis)))) + 14;
export const ticks = (r: { min: number; max: number; interval: number }) => Array.from({ length: Math.round((r.max - r.min) / r.interval) + 1 }, (_, i) => r.min + i * r.interval);


/** A category axis of names on the left: as wide as its longest label, at most `share` of the chart's width, longer labels cut with an ellipsis. */
export function categoryY(type: Type, labels: string[], width: number, share = 0.42): { left: number; axis: Record<string, unknown> } {
  const left = Math.min(Math.round(width * share), Math.ceil(Math.max(0, ...labels.map((l) => textWidth(l, type.axis)))) + 18);
  return { left, axis: { type: "category", data: labels, axisLabel: { ...axisText(type), width: left - 10, overflow: "truncate" } } };
}

/** A horizontal colour scale under the plot with its values at both ends, labelled by `label` ($0 … $2.2M). */
export function colourScale(type: Type, width: number, max: number, label: (v: number) => string, colors: string[]): Record<string, unknown> {
  return {
    min: 0,
    max,
    calculable: false,
    orient: "horizontal",
    left: "center",
    bottom: 8,
    itemHeight: Math.min(240, width - 170),
    itemWidth: 12,
    text: [label(max), label(0)],
    textGap: 8,
    textStyle: { fontSize: type.axis, color: INK },
    inRange: { color: colors },
  };
}
