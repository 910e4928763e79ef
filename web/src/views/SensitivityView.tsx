// The tornado: how far the headline KPI moves when one uncertain parameter sits at its P10 or P90.
import { Chart, type ChartOption } from "../Chart";
import { usd } from "../format";
import type { SensitivityJson } from "../types";

export function SensitivityView({ sensitivity }: { sensitivity: SensitivityJson | undefined }) {
  if (!sensitivity) return <div className="empty">No sensitivity sweep in this run: run sensitivity (or all).</div>;
  const byTarget = sensitivity.base.targetValueP50Usd !== null;
  const kpi = (k: SensitivityJson["base"]) => (byTarget ? (k.targetValueP50Usd ?? 0) : k.deliveredValueUsd);
  const base = kpi(sensitivity.base);
  const bars = sensitivity.tornado
    .map((t) => ({ param: t.param, low: t.low, high: t.high, atLow: kpi(t.atLow) - base, atHigh: kpi(t.atHigh) - base }))
    .sort((a, b) => Math.abs(b.atHigh - b.atLow) - Math.abs(a.atHigh - a.atLow));
  if (bars.length === 0) return <div className="empty">The scenario has no uncertain parameters to vary.</div>;
  const rows = [...bars].reverse();
  const option: ChartOption = {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => usd(v) },
    legend: { top: 0, data: ["at P10", "at P90"] },
    grid: { left: 220, right: 40, top: 30, bottom: 30 },
    xAxis: { type: "value", axisLabel: { formatter: (v: number) => usd(v) } },
    yAxis: { type: "category", data: rows.map((b) => b.param) },
    series: [
      { name: "at P10", type: "bar", stack: "low", data: rows.map((b) => b.atLow), itemStyle: { color: "#f97316" } },
      { name: "at P90", type: "bar", stack: "high", barGap: "-100%", data: rows.map((b) => b.atHigh), itemStyle: { color: "#2563eb" } },
    ],
  };
  return (
    <section className="view" aria-label="Sensitivity">
      <p>
        Change in {byTarget ? "the target value (P50)" : "mean delivered value"} from its base of {usd(base)} when one parameter is pinned at
        its 10th or 90th percentile and every other stays random ({sensitivity.trials.toLocaleString()} trials per point, the same random numbers
        at every point).
      </p>
      <Chart option={option} height={Math.max(240, 60 + 28 * rows.length)} label="tornado" />
      <table className="small" data-testid="sensitivity-table">
        <thead>
          <tr>
            <th>parameter</th>
            <th className="num">P10</th>
            <th className="num">P90</th>
            <th className="num">change at P10</th>
            <th className="num">change at P90</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.param}>
              <td>{b.param}</td>
              <td className="num">{b.low.toPrecision(3)}</td>
              <td className="num">{b.high.toPrecision(3)}</td>
              <td className="num">{usd(b.atLow)}</td>
              <td className="num">{usd(b.atHigh)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
