// The tornado: how far the headline KPI moves when one uncertain parameter sits at its P10 or P90.
import { Chart, type ChartOption } from "../Chart";
import { axisText, categoryY, header, typeFor } from "../chartLayout";
import { count, money, moneyTick, plain, valueAxis } from "../format";
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
  const option = (width: number): ChartOption => {
    const type = typeFor(width);
    const { options, top } = header({ width, type, legend: ["at P10", "at P90"] });
    const { left, axis } = categoryY(type, rows.map((b) => b.param), width);
    const range = valueAxis([...rows.map((b) => b.atLow), ...rows.map((b) => b.atHigh)], [], width < 560 ? 3 : 5);
    return {
      ...options,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => money(v, { sign: true }) },
      grid: { left, right: 24, top, bottom: 46 },
      xAxis: { type: "value", ...range, name: "change from the base (USD)", nameLocation: "middle", nameGap: 26, nameTextStyle: { fontSize: type.axis }, axisLabel: { ...axisText(type), formatter: (v: number) => (v > 0 ? `+${moneyTick(v)}` : moneyTick(v)) } },
      yAxis: axis,
      series: [
        { name: "at P10", type: "bar", stack: "low", data: rows.map((b) => b.atLow), itemStyle: { color: "#f97316" } },
        { name: "at P90", type: "bar", stack: "high", barGap: "-100%", data: rows.map((b) => b.atHigh), itemStyle: { color: "#2563eb" } },
      ],
    };
  };
  return (
    <section className="view" aria-label="Sensitivity">
      <p>
        Change in {byTarget ? "the target value (P50)" : "mean delivered value"} from its base of {money(base)} when one parameter is pinned at
        its 10th or 90th percentile and every other stays random ({count(sensitivity.trials)} trials per point, the same random numbers
        at every point).
      </p>
      <Chart option={option} height={Math.max(240, 90 + 28 * rows.length)} label="tornado" />
      <table className="small" data-testid="sensitivity-table">
        <thead>
          <tr>
            <th>parameter</th>
            <th className="num wide-only">P10</th>
            <th className="num wide-only">P90</th>
            <th className="num">change at P10</th>
            <th className="num">change at P90</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.param}>
              <td>
                {b.param}
                <span className="sub narrow-only">
                  P10 {plain(b.low)} · P90 {plain(b.high)}
                </span>
              </td>
              <td className="num wide-only">{plain(b.low)}</td>
              <td className="num wide-only">{plain(b.high)}</td>
              <td className="num">{money(b.atLow, { sign: true })}</td>
              <td className="num">{money(b.atHigh, { sign: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
