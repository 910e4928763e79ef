// Charts for the report, rendered to SVG strings on the server by ECharts (no browser, no CDN), so the
// report is one self-contained file that opens offline.
import * as echarts from "echarts";

const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];

function render(option: echarts.EChartsCoreOption, width = 860, height = 340): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: "system-ui, sans-serif" }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const billions = (v: number) => `$${(v / 1e9).toFixed(v >= 1e10 ? 0 : 1)}B`;
const axisUsd = { type: "value", axisLabel: { formatter: (v: number) => (Math.abs(v) >= 1e9 ? billions(v) : Math.abs(v) >= 1e6 ? `$${(v / 1e6).toFixed(0)}M` : `$${v}`) } };

export interface FanInput {
  periods: string[];
  plan: number[];
  p10?: number[];
  p50?: number[];
  p90?: number[];
  target?: { valueUsd: number; by: string };
}

/** Cumulative value vs the target, with the P10–P90 band of the simulation as a stacked area. */
export function fanChart(f: FanInput): string {
  const series: unknown[] = [];
  if (f.p10 && f.p90) {
    series.push(
      { name: "P10", type: "line", data: f.p10, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 } },
      {
        name: "P10–P90",
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
      ? { symbol: "none", label: { position: "insideStartTop", formatter: `target ${billions(f.target.valueUsd)} by ${f.target.by}` }, data: [{ yAxis: f.target.valueUsd }], lineStyle: { color: "#dc2626" } }
      : undefined,
  });
  return render({
    title: { text: "Cumulative value vs target", left: 8, textStyle: { fontSize: 14 } },
    legend: { top: 4, right: 8, data: ["Plan", "P50 (simulated)", "P10–P90"] },
    grid: { left: 70, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "category", data: f.periods, boundaryGap: false },
    yAxis: { ...axisUsd, max: f.target ? (v: { max: number }) => Math.max(v.max, f.target?.valueUsd ?? 0) * 1.05 : undefined },
    series,
  });
}

/** Stacked monthly output by site. */
export function outputBySiteChart(periods: string[], rows: { site: string; values: number[] }[], unit: string): string {
  return render({
    title: { text: `Monthly output by site (${unit})`, left: 8, textStyle: { fontSize: 14 } },
    legend: { top: 24, type: "plain" },
    grid: { left: 60, right: 20, top: 64, bottom: 40 },
    xAxis: { type: "category", data: periods },
    yAxis: { type: "value" },
    series: rows.map((r) => ({ name: r.site, type: "bar", stack: "out", data: r.values.map((v) => Math.round(v * 10) / 10) })),
  });
}

/** Capacity (line) against use (area) for one resource. */
export function capacityChart(periods: string[], r: { name: string; unit: string; capacity: number[]; use: number[] }): string {
  return render(
    {
      title: { text: `${r.name} (${r.unit})`, left: 8, textStyle: { fontSize: 13 } },
      legend: { top: 4, right: 8 },
      grid: { left: 60, right: 16, top: 36, bottom: 30 },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value" },
      series: [
        { name: "capacity", type: "line", step: "middle", symbol: "none", data: r.capacity, lineStyle: { color: "#0f172a" } },
        { name: "used", type: "line", symbol: "none", data: r.use, areaStyle: { opacity: 0.35 }, lineStyle: { width: 1 } },
      ],
    },
    420,
    220,
  );
}

/** Which resource binds in each period: one row per resource, a cell per period it binds, coloured by shadow price. */
export function bindsWhenChart(periods: string[], rows: { period: string; resource: string | null; shadowPriceUsd: number }[]): string {
  const resources = [...new Set(rows.map((r) => r.resource).filter((r): r is string => r !== null))];
  const data = rows.filter((r) => r.resource).map((r) => [periods.indexOf(r.period), resources.indexOf(r.resource as string), r.shadowPriceUsd]);
  const max = Math.max(1, ...data.map((d) => d[2]));
  return render(
    {
      title: { text: "What binds when (shadow price, USD per unit of capacity)", left: 8, textStyle: { fontSize: 14 } },
      grid: { left: 200, right: 20, top: 40, bottom: 70 },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "category", data: resources.length ? resources : ["(nothing binds)"] },
      visualMap: { min: 0, max, calculable: false, orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#fde68a", "#dc2626"] } },
      series: [{ type: "heatmap", data }],
    },
    860,
    Math.max(180, 90 + resources.length * 26),
  );
}

export function onshoreShareChart(periods: string[], share: number[]): string {
  return render(
    {
      title: { text: "Onshore share of value added", left: 8, textStyle: { fontSize: 14 } },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{ type: "line", areaStyle: { opacity: 0.3 }, symbol: "none", data: share.map((s) => Math.round(s * 1000) / 10) }],
    },
    860,
    260,
  );
}

export function riskChart(rows: { id: string; riskExposureIndex: number; ttsPeriods: number | null; ttrPeriods: number }[]): string {
  const top = rows.slice(0, 15).reverse();
  return render(
    {
      title: { text: "Risk exposure index (lost value over the worst node's)", left: 8, textStyle: { fontSize: 14 } },
      grid: { left: 200, right: 30, top: 40, bottom: 30 },
      xAxis: { type: "value", min: 0, max: 1 },
      yAxis: { type: "category", data: top.map((r) => r.id) },
      series: [{ type: "bar", data: top.map((r) => Math.round(r.riskExposureIndex * 1000) / 1000), itemStyle: { color: "#dc2626" } }],
    },
    860,
    Math.max(200, 70 + top.length * 24),
  );
}

export interface TornadoBar {
  param: string;
  low: number;
  high: number;
  /** KPI minus the base at the parameter's low and high values. */
  atLow: number;
  atHigh: number;
}

/** One bar per parameter: how far the KPI moves from the base when the parameter sits at its P10 or P90. */
export function tornadoChart(bars: TornadoBar[], kpi: string): string {
  const rows = bars.slice(0, 12).reverse();
  const magnitude = (a: number) => (a >= 1e9 ? billions(a) : a >= 1e6 ? `$${(a / 1e6).toFixed(1)}M` : `$${Math.round(a)}`);
  const label = (v: number) => `${v < 0 ? "−" : ""}${magnitude(Math.abs(v))}`;
  return render(
    {
      title: { text: `What moves ${kpi} most (parameter at its P10 / P90)`, left: 8, textStyle: { fontSize: 14 } },
      legend: { top: 4, right: 8, data: ["at P10", "at P90"] },
      grid: { left: 220, right: 40, top: 40, bottom: 30 },
      xAxis: { type: "value", axisLabel: { formatter: label } },
      yAxis: { type: "category", data: rows.map((b) => b.param) },
      series: [
        { name: "at P10", type: "bar", stack: "swing", data: rows.map((b) => b.atLow), itemStyle: { color: "#f97316" } },
        { name: "at P90", type: "bar", stack: "swing2", barGap: "-100%", data: rows.map((b) => b.atHigh), itemStyle: { color: "#2563eb" } },
      ],
    },
    860,
    Math.max(200, 80 + rows.length * 26),
  );
}
