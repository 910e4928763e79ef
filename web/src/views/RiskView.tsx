// The stress test: nodes ranked by risk exposure, time to survive against time to recover.
import { Chart, type ChartOption } from "../Chart";
import { pct, usd } from "../format";
import type { StressJson } from "../types";

export function RiskView({ stress }: { stress: StressJson | undefined }) {
  if (!stress) return <div className="empty">No stress test in this run yet: run stress (or all).</div>;
  const nodes = [...stress.nodes].sort((a, b) => b.riskExposureIndex - a.riskExposureIndex || b.lostValueUsd - a.lostValueUsd);
  const top = nodes.slice(0, 20);
  const cap = stress.ttsCapPeriods;
  const option: ChartOption = {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 170, right: 30, top: 30, bottom: 30 },
    yAxis: { type: "category", data: top.map((n) => n.name || n.id), inverse: true },
    xAxis: { type: "value", name: "periods" },
    series: [
      { name: `time to survive (capped at ${cap})`, type: "bar", data: top.map((n) => n.ttsPeriods ?? cap), itemStyle: { color: "#16a34a" } },
      { name: "time to recover", type: "bar", data: top.map((n) => n.ttrPeriods ?? 0), itemStyle: { color: "#dc2626" } },
    ],
  };
  return (
    <section className="view" aria-label="Risk">
      <p>
        Disruptions taken at {stress.period}. A node is at risk when its time to recover exceeds its time to survive.
        {stress.reading ? <span className="muted"> {stress.reading}</span> : null}
      </p>
      <Chart option={option} height={Math.max(240, 60 + 26 * top.length)} label="tts vs ttr" />
      <table className="small" data-testid="risk-table">
        <thead>
          <tr>
            <th>node</th>
            <th>kind</th>
            <th>country</th>
            <th className="num">TTS</th>
            <th className="num">TTR</th>
            <th className="num">lost value</th>
            <th className="num">risk exposure</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={`${n.kind}:${n.id}`} className={n.flagged ? "flagged" : ""}>
              <td>{n.name || n.id}</td>
              <td>{n.kind}</td>
              <td>{n.country ?? ""}</td>
              <td className="num">{n.ttsPeriods === null ? `≥ ${cap}` : n.ttsPeriods.toFixed(1)}</td>
              <td className="num">{n.ttrPeriods ?? "–"}</td>
              <td className="num">{usd(n.lostValueUsd)}</td>
              <td className="num">{pct(n.riskExposureIndex)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
