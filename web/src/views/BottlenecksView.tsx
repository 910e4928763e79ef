// Shadow prices per resource and month: what binds when, and what one more unit would be worth.
import { Chart, type ChartOption } from "../Chart";
import { usd } from "../format";
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
  const option: ChartOption = {
    tooltip: { formatter: (p: { value: [number, number, number] }) => `${names.get(resources[p.value[1]]) ?? resources[p.value[1]]}<br>${periods[p.value[0]]}: ${usd(p.value[2])} per unit` },
    grid: { left: 200, right: 40, top: 20, bottom: 70 },
    xAxis: { type: "category", data: periods, splitArea: { show: true } },
    yAxis: { type: "category", data: resources.map((r) => names.get(r) ?? r), splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#f8fafc", "#fde68a", "#f97316", "#b91c1c"] }, formatter: (v: number) => usd(v) },
    series: [{ type: "heatmap", data, emphasis: { itemStyle: { borderColor: "#111", borderWidth: 1 } } }],
  };
  const binds = plan.bindsWhen ?? [];
  return (
    <section className="view" aria-label="Bottlenecks">
      <p>Shadow price of each resource's capacity per month (USD of objective per extra unit): zero where it does not bind.</p>
      <Chart option={option} height={Math.max(240, 40 + 34 * resources.length + 70)} label="bottleneck heatmap" />
      {binds.length > 0 && (
        <>
          <h3>What binds when</h3>
          <table className="small">
            <thead>
              <tr>
                <th>month</th>
                <th>binding resource</th>
                <th className="num">shadow price</th>
              </tr>
            </thead>
            <tbody>
              {binds.map((b) => (
                <tr key={b.period}>
                  <td>{b.period}</td>
                  <td>{b.resource ? (names.get(b.resource) ?? b.resource) : <span className="muted">nothing binds</span>}</td>
                  <td className="num">{b.resource ? usd(b.shadowPriceUsd) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
