// The stress test: nodes ranked by risk exposure, time to survive against time to recover. Nodes are
// named by id, with their description under it, as in the report.
import { useState } from "react";
import { stressDateLabel } from "../../../src/report/sections.js";
import { Chart, type ChartOption } from "../Chart";
import { axisText, categoryY, header, typeFor } from "../chartLayout";
import { count, money, percent } from "../format";
import type { DatedStressJson, StressJson } from "../types";

export function RiskView({ stress: primary, byDate }: { stress: StressJson | undefined; byDate?: DatedStressJson[] }) {
  // The date control: the run's stress test at each planned year's start as well as at its own date.
  const [chosen, setChosen] = useState<string | null>(null);
  const dates = byDate && byDate.length > 1 ? byDate : [];
  const stress = dates.find((d) => d.period === chosen) ?? primary;
  if (!stress) return <div className="empty">No stress test in this run yet: run stress (or all).</div>;
  const nodes = [...stress.nodes].sort((a, b) => b.riskExposureIndex - a.riskExposureIndex || b.lostValueUsd - a.lostValueUsd);
  const top = nodes.slice(0, 20);
  const cap = stress.ttsCapPeriods;
  // What each node's outage costs the target's measure, where the stress test counted it.
  const targetId = stress.targetId;
  const lostTarget = targetId !== null && nodes.some((n) => n.lostTargetValueUsd !== null && n.lostTargetValueUsd !== undefined);
  const tts = `time to survive (capped at ${cap})`;
  const option = (width: number): ChartOption => {
    const type = typeFor(width);
    const { options, top: gridTop } = header({ width, type, legend: [tts, "time to recover"] });
    const { left, axis } = categoryY(type, top.map((n) => n.id), width);
    return {
      ...options,
      tooltip: { trigger: "axis" },
      grid: { left, right: 16, top: gridTop, bottom: 44 },
      yAxis: { ...axis, inverse: true },
      xAxis: { type: "value", name: "periods", nameLocation: "middle", nameGap: 26, nameTextStyle: { fontSize: type.axis }, axisLabel: axisText(type) },
      series: [
        { name: tts, type: "bar", data: top.map((n) => n.ttsPeriods ?? cap), itemStyle: { color: "#16a34a" } },
        { name: "time to recover", type: "bar", data: top.map((n) => n.ttrPeriods ?? 0), itemStyle: { color: "#dc2626" } },
      ],
    };
  };
  return (
    <section className="view" aria-label="Risk">
      {dates.length > 0 && (
        <label className="risk-date">
          Stress date{" "}
          <select aria-label="stress date" data-testid="risk-date" value={stress.period} onChange={(e) => setChosen(e.target.value)}>
            {dates.map((d) => (
              <option key={d.period} value={d.period}>
                {stressDateLabel(d)}
              </option>
            ))}
          </select>
        </label>
      )}
      <p>
        Disruptions taken at {stress.period}. A node is at risk when its time to recover exceeds its time to survive.
        {stress.reading ? <span className="muted"> {stress.reading}</span> : null}
      </p>
      <Chart option={option} height={(w) => Math.max(240, 90 + (w < 560 ? 30 : 26) * top.length)} label="tts vs ttr" />
      <table className="small" data-testid="risk-table">
        <thead>
          <tr>
            <th>node</th>
            <th className="wide-only">kind</th>
            <th className="wide-only">country</th>
            <th className="num">TTS</th>
            <th className="num">TTR</th>
            <th className="num">lost value</th>
            {lostTarget && <th className="num wide-only">lost {targetId ?? "target"}</th>}
            <th className="num">risk exposure</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={`${n.kind}:${n.id}`} className={n.flagged ? "flagged" : ""}>
              <td>
                <b>{n.id}</b>
                <span className="sub">
                  {n.name}
                  <span className="narrow-only">
                    {" "}
                    · {n.kind}
                    {n.country ? ` · ${n.country}` : ""}
                  </span>
                </span>
              </td>
              <td className="wide-only">{n.kind}</td>
              <td className="wide-only">{n.country ?? ""}</td>
              <td className="num">{n.ttsPeriods === null ? `≥ ${cap}` : count(n.ttsPeriods, { digits: 1 })}</td>
              <td className="num">{n.ttrPeriods ?? "–"}</td>
              <td className="num">
                {money(n.lostValueUsd)}
                {lostTarget && <span className="sub narrow-only">{money(n.lostTargetValueUsd)} of {targetId}</span>}
              </td>
              {lostTarget && <td className="num wide-only">{money(n.lostTargetValueUsd)}</td>}
              <td className="num">{percent(n.riskExposureIndex)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
