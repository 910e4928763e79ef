// Cumulative value against the target with the simulation's P10–P90 fan, and output per period.
import { Chart, type ChartOption } from "../Chart";
import { bucketOf, header, periodLabels, ticks, typeFor, valueY, yLabelRoom } from "../chartLayout";
import { compact, count, cumulative, money, moneyTick, percent, valueAxis } from "../format";
import type { NetworkView, PlanJson, SimulationJson } from "../types";

export function OutlookView({ plan, sim, network }: { plan: PlanJson | undefined; sim: SimulationJson | undefined; network: NetworkView | null }) {
  if (!plan && !sim) return <div className="empty">No plan or simulation in this run yet.</div>;
  const periods = sim?.periods.map((p) => p.period) ?? plan?.periods ?? [];
  const target = network?.targets[0];
  // The fan: the simulator's cumulative target value when it reports one, else cumulative delivered value.
  const byTarget = sim?.periods.every((p) => p.targetValueCumulativeUsd) ?? false;
  const pick = (q: "p10" | "p50" | "p90") =>
    sim ? (byTarget ? sim.periods.map((p) => p.targetValueCumulativeUsd?.[q] ?? 0) : cumulative(sim.periods.map((p) => p.deliveredValueUsd[q]))) : [];
  const p10 = pick("p10");
  const p90 = pick("p90");
  const p50 = pick("p50");
  const price = new Map(network?.demands.map((d) => [d.id, d.priceUsd]) ?? []);
  // The plan's line measures what the fan measures: value made toward the target when there is one.
  const planProgress = plan?.targetProgress?.[0]?.cumulativeValueUsd ?? null;
  const planName = planProgress ? "Plan: value toward the target" : "Plan: delivered value";
  const planValue = planProgress ?? (plan && network ? cumulative(periods.map((_, t) => plan.deliveries.reduce((a, d) => a + (d.quantity[t] ?? 0) * (price.get(d.demand) ?? 0), 0))) : null);
  const p50Name = byTarget ? "P50 value toward the target" : "P50 delivered value";
  const legend = [...(sim ? ["P10–P90", p50Name] : []), ...(planValue ? [planName] : [])];
  // The axis holds the data and the target, half a tick clear of the top: the target line is always drawn.
  const range = valueAxis([...p90, ...p50, ...(planValue ?? [])], target ? [target.valueUsd] : []);

  const fan = (width: number): ChartOption => {
    const type = typeFor(width);
    const { options, top } = header({ width, type, legend, unit: "USD, cumulative" });
    const series: unknown[] = [];
    if (sim) {
      series.push(
        { name: "P10", type: "line", data: p10, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 }, tooltip: { show: false } },
        { name: "P10–P90", type: "line", data: p90.map((v, i) => v - p10[i]), stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: "#93c5fd", opacity: 0.6 }, itemStyle: { color: "#93c5fd" } },
        { name: p50Name, type: "line", data: p50, symbol: "none", itemStyle: { color: "#1d4ed8" }, lineStyle: { width: 2 } },
      );
    }
    if (planValue) series.push({ name: planName, type: "line", data: planValue, symbol: "none", itemStyle: { color: "#16a34a" }, lineStyle: { type: "dashed" } });
    if (target && series.length) {
      (series[series.length - 1] as Record<string, unknown>).markLine = {
        symbol: "none",
        silent: true,
        label: { formatter: `target ${money(target.valueUsd)} by ${target.by}`, position: "insideStartTop", fontSize: type.axis, color: "#b91c1c" },
        lineStyle: { color: "#dc2626", type: "dashed", width: 1.5 },
        data: [{ yAxis: target.valueUsd }],
      };
    }
    return {
      ...options,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => money(v) },
      grid: { left: yLabelRoom(type, ticks(range).map(moneyTick)), right: 16, top, bottom: 30 },
      xAxis: { type: "category", data: periods, boundaryGap: false, axisLabel: periodLabels(type) },
      yAxis: valueY(type, "USD, cumulative", moneyTick, range),
      series,
    };
  };

  const unit = network?.items.find((i) => i.id === target?.items[0])?.unit;
  const outputUnit = `${unit ? (/s$/.test(unit) ? unit : `${unit}s`) : "units"} per ${bucketOf(periods)}`;
  const monthly = sim
    ? (width: number): ChartOption => {
        const type = typeFor(width);
        const outRange = valueAxis(sim.periods.map((p) => p.output.p90));
        const { options, top } = header({ width, type, legend: ["P50 output", "P10", "P90"], unit: outputUnit });
        return {
          ...options,
          tooltip: { trigger: "axis", valueFormatter: (v: number) => count(v) },
          grid: { left: yLabelRoom(type, ticks(outRange).map(compact)), right: 16, top, bottom: 30 },
          xAxis: { type: "category", data: periods, axisLabel: periodLabels(type) },
          yAxis: valueY(type, outputUnit, compact, outRange),
          series: [
            { name: "P50 output", type: "bar", data: sim.periods.map((p) => p.output.p50), itemStyle: { color: "#60a5fa" } },
            { name: "P10", type: "line", data: sim.periods.map((p) => p.output.p10), symbol: "none", lineStyle: { type: "dotted" }, itemStyle: { color: "#1e3a8a" } },
            { name: "P90", type: "line", data: sim.periods.map((p) => p.output.p90), symbol: "none", lineStyle: { type: "dotted" }, itemStyle: { color: "#1e3a8a" } },
          ],
        };
      }
    : null;
  return (
    <section className="view" aria-label="Outlook">
      <div className="kpis">
        {plan && <Kpi label="plan: delivered value" value={money(plan.kpis.deliveredValueUsd)} />}
        {plan && <Kpi label="plan: onshore value share" value={percent(plan.kpis.onshoreValueShare)} />}
        {plan && <Kpi label="plan: mass production" value={plan.kpis.massProductionPeriod ?? "not reached"} />}
        {sim && <Kpi label={`simulated P10 / P50 / P90 (${count(sim.trials)} trials)`} value={`${money(sim.kpis.deliveredValueUsd.p10)} / ${money(sim.kpis.deliveredValueUsd.p50)} / ${money(sim.kpis.deliveredValueUsd.p90)}`} />}
        {sim && sim.probabilityTargetMet !== null && <Kpi label="probability the target is met" value={percent(sim.probabilityTargetMet)} />}
      </div>
      <h3>Cumulative value{target ? ` vs the target: ${target.description}` : ""}</h3>
      <Chart option={fan} height={(w) => (w < 560 ? 320 : 360)} label="outlook fan" />
      {monthly && (
        <>
          <h3>Output per {bucketOf(periods)} (simulated)</h3>
          <Chart option={monthly} height={280} label="monthly output" />
        </>
      )}
    </section>
  );
}

export function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpi">
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}
