// One ECharts instance per component, from `echarts/core` with only the charts used (the full bundle
// is several times larger). Drawn as SVG, so text stays text (crisp, selectable, and checkable by the
// browser tests). A chart's option may depend on its width: views lay out legends, margins and labels
// for a phone and for a desktop from the width they are given.
import { BarChart, HeatmapChart, LineChart, SankeyChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef, useState } from "react";
import { FONT, PALETTE } from "../../src/report/layout.js";

echarts.use([LineChart, BarChart, SankeyChart, HeatmapChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
type ByWidth<T> = T | ((width: number) => T);

export function Chart({ option, height = 360, label }: { option: ByWidth<ChartOption>; height?: ByWidth<number>; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: "svg" });
    chart.current = c;
    setWidth(el.current.clientWidth);
    const observer = new ResizeObserver(() => {
      if (el.current) setWidth(el.current.clientWidth);
    });
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  const h = typeof height === "function" ? height(width || 800) : height;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new height resizes the chart's box, so it is redrawn then too.
  useEffect(() => {
    const c = chart.current;
    if (!c || width === 0) return;
    c.resize();
    const o = typeof option === "function" ? option(width) : option;
    c.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...o }, true);
  }, [option, width, h]);

  return <div className="chart" ref={el} style={{ height: h }} role="img" aria-label={label} data-chart={label} />;
}
