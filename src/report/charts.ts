// Charts for the report, rendered to SVG strings on the server by ECharts (no browser, no CDN), so the
// report is one self-contained file that opens offline. Every chart is drawn at a given width: the
// report draws each twice, for a desktop column and for a phone, so that text stays 11-15 px on both
// instead of shrinking with the picture. Title, legend, axis unit and plot are stacked top to bottom
// from measured (estimated) text sizes, so none of them overlaps another.
import * as echarts from "echarts";
import { compact, money, moneyTick, percentTick, valueAxis } from "../format/index.js";
import type { FrontierPoint } from "../plan/index.js";
import { axisText, bucketOf, categoryY, colourScale, FONT, fontOf, header, INK, PALETTE, periodLabels, textWidth, ticks, type Type, typeFor, valueY, yLabelRoom } from "./layout.js";
import { frontierOption } from "./sections.js";

// ECharts lays out legends and hides overlapping axis labels by measuring text; on the server it has no
// canvas to measure with, so it is given widths as a browser would draw them.
echarts.setPlatformAPI({
  measureText(text: string, font?: string) {
    const { size, bold } = fontOf(font);
    return { width: textWidth(text, size, bold) };
  },
});

/** Widths the report draws at: its desktop column and a 390 px phone less the page's margins. */
export const WIDE = 860;
export const NARROW = 358;

function render(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // The picture scales with its box (viewBox); the page gives it the width it was drawn for.
  return svg.replace(/^<svg width="(\d+)" height="(\d+)"/, '<svg role="img" width="$1" height="$2"');
}

const periodAxis = (type: Type, periods: string[], boundaryGap = true) => ({ type: "category", data: periods, boundaryGap, axisLabel: periodLabels(type) });

export interface FanInput {
  periods: string[];
  plan: number[];
  p10?: number[];
  p50?: number[];
  p90?: number[];
  target?: { valueUsd: number; by: string };
}

/** Cumulative value vs the target, with the P10–P90 band of the simulation as a stacked area. */
export function fanChart(f: FanInput, width = WIDE): string {
  const type = typeFor(width);
  const series: unknown[] = [];
  const legend: string[] = ["Plan"];
  if (f.p50) legend.push("P50 (simulated)");
  if (f.p10 && f.p90) {
    legend.push("P10–P90 (simulated)");
    series.push(
      { name: "P10", type: "line", data: f.p10, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } },
      {
        name: "P10–P90 (simulated)",
        type: "line",
        data: f.p90.map((v, i) => v - (f.p10 as number[])[i]),
        stack: "band",
        symbol: "none",
        lineStyle: { opacity: 0 },
        itemStyle: { color: "#93c5fd" },
        areaStyle: { color: "#93c5fd", opacity: 0.6 },
      },
    );
  }
  if (f.p50) series.push({ name: "P50 (simulated)", type: "line", data: f.p50, symbol: "none", itemStyle: { color: "#1d4ed8" }, lineStyle: { type: "dashed", color: "#1d4ed8" } });
  series.push({
    name: "Plan",
    type: "line",
    data: f.plan,
    symbol: "none",
    itemStyle: { color: "#0f172a" },
    lineStyle: { width: 3, color: "#0f172a" },
    markLine: f.target
      ? {
          symbol: "none",
          silent: true,
          label: { position: "insideStartTop", formatter: `target ${money(f.target.valueUsd)} by ${f.target.by}`, fontSize: type.axis, color: "#b91c1c" },
          data: [{ yAxis: f.target.valueUsd }],
          lineStyle: { color: "#dc2626", type: "dashed", width: 1.5 },
        }
      : undefined,
  });
  // The axis holds the data and the target, half a tick clear of the top: the target line is always drawn.
  const range = valueAxis([...f.plan, ...(f.p90 ?? []), ...(f.p50 ?? [])], f.target ? [f.target.valueUsd] : []);
  const { options, top } = header({ width, type, title: "Cumulative value against the target", legend, unit: "USD, cumulative" });
  return render(
    {
      ...options,
      grid: { left: yLabelRoom(type, ticks(range).map(moneyTick)), right: 16, top, bottom: 32 },
      xAxis: periodAxis(type, f.periods, false),
      yAxis: valueY(type, "USD, cumulative", moneyTick, range),
      series,
    },
    width,
    top + 250,
  );
}

export interface FanSide {
  /** The legend's name for the side ("a", "b"). */
  name: string;
  periods: string[];
  p10: number[];
  p50: number[];
  p90: number[];
}

/** Each side's band and median colours: the first side blue as in fanChart, the second orange. */
const SIDE_COLOURS = [
  { line: "#1d4ed8", band: "#93c5fd" },
  { line: "#c2410c", band: "#fdba74" },
];

/**
 * Two or more simulations on one axis: each side's P10–P90 band (a stacked area of its own) and P50
 * line per period. The sides may have different horizons: the axis runs over every period either has,
 * and a side is blank where it has none.
 */
export function overlaidFanChart(sides: FanSide[], title: string, unit: string, width = WIDE): string {
  const type = typeFor(width);
  const periods = [...new Set(sides.flatMap((s) => s.periods))].sort();
  const series: unknown[] = [];
  const legend: string[] = [];
  sides.forEach((s, k) => {
    const colour = SIDE_COLOURS[k % SIDE_COLOURS.length];
    const at = (values: number[]) => periods.map((p) => {
      const i = s.periods.indexOf(p);
      return i < 0 ? null : values[i];
    });
    const band = `${s.name} P10–P90`;
    const median = `${s.name} P50`;
    legend.push(median, band);
    series.push(
      { name: `${s.name} P10`, type: "line", data: at(s.p10), stack: `band-${k}`, symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } },
      { name: band, type: "line", data: at(s.p90.map((v, i) => v - s.p10[i])), stack: `band-${k}`, symbol: "none", lineStyle: { opacity: 0 }, itemStyle: { color: colour.band }, areaStyle: { color: colour.band, opacity: 0.45 } },
      { name: median, type: "line", data: at(s.p50), symbol: "none", itemStyle: { color: colour.line }, lineStyle: { width: 2, color: colour.line, type: k === 0 ? "solid" : "dashed" } },
    );
  });
  const range = valueAxis(sides.flatMap((s) => [...s.p90, ...s.p10]));
  const { options, top } = header({ width, type, title, legend, unit });
  return render(
    {
      ...options,
      grid: { left: yLabelRoom(type, ticks(range).map(moneyTick)), right: 16, top, bottom: 32 },
      xAxis: periodAxis(type, periods, false),
      yAxis: valueY(type, unit, moneyTick, range),
      series,
    },
    width,
    top + 250,
  );
}

/** Plural of an item's unit, for axis names ("racks per month"). */
const plural = (unit: string) => (/s$/.test(unit) ? unit : `${unit}s`);

/** Stacked output per period by site. */
export function outputBySiteChart(periods: string[], rows: { site: string; values: number[] }[], unit: string, width = WIDE): string {
  const type = typeFor(width);
  const bucket = bucketOf(periods);
  const totals = periods.map((_, t) => rows.reduce((a, r) => a + r.values[t], 0));
  const range = valueAxis(totals);
  const axisUnit = `${plural(unit)} per ${bucket}`;
  const { options, top } = header({ width, type, title: `Output by site, per ${bucket}`, legend: rows.map((r) => r.site), unit: axisUnit });
  return render(
    {
      ...options,
      grid: { left: yLabelRoom(type, ticks(range).map(compact)), right: 16, top, bottom: 32 },
      xAxis: periodAxis(type, periods),
      yAxis: valueY(type, axisUnit, compact, range),
      series: rows.map((r) => ({ name: r.site, type: "bar", stack: "out", data: r.values.map((v) => Math.round(v * 10) / 10) })),
    },
    width,
    top + 250,
  );
}

/** Capacity (line) against use (area) for one resource. */
export function capacityChart(periods: string[], r: { name: string; unit: string; capacity: number[]; use: number[] }, width = 420): string {
  const type = typeFor(Math.min(width, 499));
  const range = valueAxis([...r.capacity, ...r.use]);
  const { options, top } = header({ width, type, title: r.name, legend: ["capacity", "used by the plan"], unit: r.unit });
  return render(
    {
      ...options,
      grid: { left: yLabelRoom(type, ticks(range).map(compact)), right: 12, top, bottom: 30 },
      xAxis: periodAxis(type, periods),
      yAxis: valueY(type, r.unit, compact, range),
      series: [
        { name: "capacity", type: "line", step: "middle", symbol: "none", data: r.capacity, lineStyle: { color: "#0f172a" }, itemStyle: { color: "#0f172a" } },
        { name: "used by the plan", type: "line", symbol: "none", data: r.use, areaStyle: { opacity: 0.35 }, lineStyle: { width: 1 }, itemStyle: { color: "#dc2626" } },
      ],
    },
    width,
    top + 170,
  );
}

/** Which resource binds in each period: one row per resource, a cell per period it binds, coloured by shadow price. */
export function bindsWhenChart(periods: string[], rows: { period: string; resource: string | null; shadowPriceUsd: number }[], width = WIDE): string {
  const type = typeFor(width);
  const resources = [...new Set(rows.map((r) => r.resource).filter((r): r is string => r !== null))];
  const data = rows.filter((r) => r.resource).map((r) => [periods.indexOf(r.period), resources.indexOf(r.resource as string), r.shadowPriceUsd]);
  const max = Math.max(1, ...data.map((d) => d[2]));
  const labels = resources.length ? resources : ["(nothing binds)"];
  const { left, axis: yAxis } = categoryY(type, labels, width, 0.4);
  const { options, top } = header({ width, type, title: "What binds when: shadow price of the binding resource, USD per unit of capacity" });
  const scaleRoom = 26 + Math.round(type.axis * 1.4) + 10;
  return render(
    {
      ...options,
      grid: { left, right: 16, top, bottom: 30 + scaleRoom },
      xAxis: { ...periodAxis(type, periods), splitArea: { show: true } },
      yAxis,
      visualMap: colourScale(type, width, max, money, ["#fde68a", "#dc2626"]),
      series: [{ type: "heatmap", data }],
    },
    width,
    top + 30 + scaleRoom + Math.max(60, labels.length * 24),
  );
}

/** The onshore share per period, on an axis scaled to the data (a 0–3% series is not drawn on 0–100%). */
export function onshoreShareChart(periods: string[], share: number[], width = WIDE): string {
  const type = typeFor(width);
  const range = valueAxis(share);
  const { options, top } = header({ width, type, title: "Onshore share of value added", unit: "share of value added" });
  return render(
    {
      ...options,
      grid: { left: yLabelRoom(type, ticks(range).map(percentTick)), right: 16, top, bottom: 32 },
      xAxis: periodAxis(type, periods),
      yAxis: valueY(type, "share of value added", percentTick, range),
      series: [{ type: "line", areaStyle: { opacity: 0.3 }, symbol: "none", data: share }],
    },
    width,
    top + 200,
  );
}

/** Risk exposure index of the riskiest nodes, labelled by id as in the table below it. */
export function riskChart(rows: { id: string; riskExposureIndex: number }[], width = WIDE): string {
  const type = typeFor(width);
  const top15 = rows.slice(0, 15).reverse();
  const { left, axis: yAxis } = categoryY(type, top15.map((r) => r.id), width, 0.45);
  const { options, top } = header({ width, type, title: "Risk exposure index: lost value over the worst node's" });
  return render(
    {
      ...options,
      grid: { left, right: 20, top, bottom: 52 },
      xAxis: { type: "value", min: 0, max: 1, interval: 0.25, name: "risk exposure index", nameLocation: "middle", nameGap: 28, nameTextStyle: { fontSize: type.axis, color: INK }, axisLabel: { ...axisText(type), formatter: percentTick } },
      yAxis,
      series: [{ type: "bar", data: top15.map((r) => Math.round(r.riskExposureIndex * 1000) / 1000), itemStyle: { color: "#dc2626" } }],
    },
    width,
    top + 52 + Math.max(60, top15.length * 24),
  );
}

export interface TornadoBar {
  param: string;
  low: number;
  high: number;
  /** KPI minus the base at the parameter's low and high values. */
  atLow: number;
  atHigh: number;
  /** One standard error of atLow and atHigh, from the paired trials (null where not kept). */
  atLowStdError?: number | null;
  atHighStdError?: number | null;
}

/** One bar per parameter: how far the KPI moves from the base when the parameter sits at its P10 or P90. */
export function tornadoChart(bars: TornadoBar[], kpi: string, width = WIDE): string {
  const type = typeFor(width);
  const rows = bars.slice(0, 12).reverse();
  const { left, axis: yAxis } = categoryY(type, rows.map((b) => b.param), width);
  const range = valueAxis([...rows.map((b) => b.atLow), ...rows.map((b) => b.atHigh)], [], width < 500 ? 3 : 5);
  const { options, top } = header({ width, type, title: `What moves ${kpi} most: each parameter at its P10 and at its P90`, legend: ["at P10", "at P90"] });
  const tick = (v: number) => (v > 0 ? `+${moneyTick(v)}` : moneyTick(v));
  return render(
    {
      ...options,
      grid: { left, right: 24, top, bottom: 52 },
      xAxis: { type: "value", ...range, name: `change from the base (USD)`, nameLocation: "middle", nameGap: 28, nameTextStyle: { fontSize: type.axis, color: INK }, axisLabel: { ...axisText(type), formatter: tick } },
      yAxis,
      series: [
        { name: "at P10", type: "bar", stack: "swing", data: rows.map((b) => b.atLow), itemStyle: { color: "#f97316" } },
        { name: "at P90", type: "bar", stack: "swing2", barGap: "-100%", data: rows.map((b) => b.atHigh), itemStyle: { color: "#2563eb" } },
      ],
    },
    width,
    top + 52 + Math.max(60, rows.length * 26),
  );
}

/** The least capital to reach each target value by the date (the invest frontier). */
export function frontierChart(points: FrontierPoint[], target: { valueUsd: number; by: string }, width = WIDE): string {
  const { option, height } = frontierOption(points, target, width);
  return render(option, width, height);
}
