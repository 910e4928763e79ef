// Shadow prices per resource and month: what binds when, and what one more unit would be worth.
import { Chart, type ChartOption } from "../Chart";
import { categoryY, colourScale, periodLabels, typeFor } from "../chartLayout";
import { money, periodSpan } from "../format";
import type { NetworkView, PlanJson } from "../types";

export function BottlenecksView({ plan, network }: { plan: PlanJson | undefined; network: NetworkView | null }) {
  if (!plan) return <div className="empty">No plan in this run yet: the bottlenecks come from the plan's duals.</div>;
  const periods = plan.periods;
  const names = new Map(network?.resources.map((r) => [r.id, r.name]) ?? []);
  const resources = [...new Set([...(network?.resources.map((r) => r.id) ?? []), ...plan.bottlenecks.map((b) => b.resource)])];
  const col = new Map(periods.map((p, i) => [p, i]));
  const row = new Map(resources.map((r, i) => [r, i]));
  const cells = new Map<string, number>();
  for (const b of plan.bottlenecks) {
    const key = `${row.get(b.resource)},${col.get(b.period)}`;
    cells.set(key, Math.max(cells.get(key) ?? 0, b.shadowPriceUsd));
  }
  const data: [number, number, number][] = [];
  for (let r = 0; r < resources.length; r++) for (let t = 0; t < periods.length; t++) data.push([t, r, cells.get(`${r},${t}`) ?? 0]);
  const max = Math.max(1, ...data.map((d) => d[2]));
  // Resources by id, as the report and the CLI name them; the name is in the tooltip and the table.
  const labels = resources;
  const option = (width: number): ChartOption => {
    const type = typeFor(width);
    const { left, axis } = categoryY(type, labels, width);
    return {
      tooltip: { formatter: (p: { value: [number, number, number] }) => `${labels[p.value[1]]}: ${names.get(labels[p.value[1]]) ?? ""}<br>${periods[p.value[0]]}: ${money(p.value[2])} per unit` },
      grid: { left, right: 16, top: 12, bottom: 84 },
      xAxis: { type: "category", data: periods, splitArea: { show: true }, axisLabel: periodLabels(type) },
      yAxis: { ...axis, splitArea: { show: true } },
      visualMap: colourScale(type, width, max, money, ["#f8fafc", "#fde68a", "#f97316", "#b91c1c"]),
      series: [{ type: "heatmap", data, emphasis: { itemStyle: { borderColor: "#111", borderWidth: 1 } } }],
    };
  };
  // Consecutive periods with the same binding resource are one row, with the shadow prices' range.
  const spans: { from: string; to: string; resource: string | null; low: number; high: number }[] = [];
  for (const b of plan.bindsWhen ?? []) {
    const last = spans[spans.length - 1];
    if (last && last.resource === b.resource) {
      last.to = b.period;
      last.low = Math.min(last.low, b.shadowPriceUsd);
      last.high = Math.max(last.high, b.shadowPriceUsd);
    } else spans.push({ from: b.period, to: b.period, resource: b.resource, low: b.shadowPriceUsd, high: b.shadowPriceUsd });
  }
  return (
    <section className="view" aria-label="Bottlenecks">
      <p>Shadow price of each resource's capacity per period (USD of objective per extra unit of capacity): zero where it does not bind.</p>
      <Chart option={option} height={Math.max(240, 100 + 30 * resources.length)} label="bottleneck heatmap" />
      <LimitsTable title={`What limits target ${plan.limits.targetId ?? ""} by ${plan.targets[0]?.by ?? ""}`} list={plan.limits.target} names={names} testid="limits-target" />
      <LimitsTable title="What limits total output (value less costs)" list={plan.limits.total} names={names} testid="limits-total" />
      {spans.length > 0 && (
        <>
          <h3>What binds when</h3>
          <table className="small" data-testid="binds-table">
            <thead>
              <tr>
                <th>periods</th>
                <th>binding resource</th>
                <th className="num">shadow price</th>
              </tr>
            </thead>
            <tbody>
              {spans.map((b) => (
                <tr key={b.from}>
                  <td className="period">{periodSpan(b.from, b.to)}</td>
                  <td>
                    {b.resource ? (
                      <>
                        <b>{b.resource}</b>
                        <span className="sub">{names.get(b.resource) ?? ""}</span>
                      </>
                    ) : (
                      <span className="muted">nothing binds</span>
                    )}
                  </td>
                  <td className="num">{b.resource ? (b.low === b.high || money(b.low) === money(b.high) ? money(b.high) : `${money(b.low)}–${money(b.high)}`) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Resources ranked by what 10% more capacity over their binding window adds (an exact re-solve). */
function LimitsTable({ title, list, names, testid }: { title: string; list: PlanJson["limits"]["target"]; names: Map<string, string>; testid: string }) {
  if (list.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table className="small" data-testid={testid}>
        <thead>
          <tr>
            <th>resource</th>
            <th className="num">binds</th>
            <th className="num">+10% capacity adds</th>
            <th className="num wide-only">shadow price</th>
          </tr>
        </thead>
        <tbody>
          {list.map((l) => (
            <tr key={l.resource}>
              <td>
                <b>{l.resource}</b>
                <span className="sub">
                  {names.get(l.resource) ?? ""} · {l.unit}
                </span>
              </td>
              <td className="num period">{periodSpan(l.from, l.to)}</td>
              <td className="num">{money(l.plusTenPercentUsd)}</td>
              <td className="num wide-only">{money(l.shadowPriceUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
