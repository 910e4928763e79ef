// What it would take: the least capital (and the builds) to reach the first target by its date, what
// blocks it when it cannot be reached, and the frontier of capital against target value. The sentence
// and the chart's option are the report's (src/report/sections.ts).
import { frontierOption, investSentence } from "../../../src/report/sections.js";
import { Chart, type ChartOption } from "../Chart";
import { count, money, percent } from "../format";
import type { InvestResult } from "../types";

export function InvestView({ invest }: { invest: InvestResult | undefined }) {
  if (!invest) return <div className="empty">No investment plan in this run: the scenario needs expansion options and a target (run all or invest).</div>;
  const reachable = invest.frontier.filter((p) => p.capexUsd !== null);
  const option = (width: number): ChartOption => frontierOption(invest.frontier, invest.target, width).option;
  const height = (width: number) => frontierOption(invest.frontier, invest.target, width).height;
  return (
    <section className="view" aria-label="Invest">
      <p data-testid="invest-answer">{investSentence(invest)}</p>
      {invest.builds.length > 0 && (
        <>
          <h3>Build plan</h3>
          <table className="small" data-testid="invest-builds">
            <thead>
              <tr>
                <th>option</th>
                <th className="wide-only">site</th>
                <th className="num">
                  decide<span className="sub">first output</span>
                </th>
                <th className="num">size</th>
                <th className="num">capital</th>
              </tr>
            </thead>
            <tbody>
              {invest.builds.map((b) => (
                <tr key={`${b.option}:${b.decision}`}>
                  <td>
                    <b>{b.option}</b>
                    <span className="sub">
                      {b.name}
                      <span className="narrow-only"> · {b.site}</span>
                      {b.newSite ? " · new site" : ""}
                    </span>
                  </td>
                  <td className="wide-only">
                    {b.site} ({b.country})
                  </td>
                  <td className="num">
                    {b.decision}
                    <span className="sub">{b.firstOutput}</span>
                  </td>
                  <td className="num">
                    {count(b.size)} <span className="unit">{b.unit}</span>
                  </td>
                  <td className="num">
                    {money(b.capexUsd)}
                    {b.capexLowUsd !== b.capexHighUsd && (
                      <span className="sub">
                        {money(b.capexLowUsd)}–{money(b.capexHighUsd)}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {invest.blockedBy.length > 0 && (
        <>
          <h3>What blocks it</h3>
          <table className="small" data-testid="invest-blocked">
            <thead>
              <tr>
                <th>option</th>
                <th>why</th>
                <th className="num">lifting it adds</th>
              </tr>
            </thead>
            <tbody>
              {invest.blockedBy.map((b) => (
                <tr key={`${b.option}:${b.kind}`}>
                  <td>{b.option ?? "no option"}</td>
                  <td>{b.reason}</td>
                  <td className="num">{money(b.gainUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {reachable.length > 0 && (
        <>
          <h3>Capital against the target</h3>
          <Chart option={option} height={height} label="invest frontier" />
          <table className="small" data-testid="invest-frontier">
            <thead>
              <tr>
                <th className="num">target value</th>
                <th className="num">of the target</th>
                <th className="num">capital</th>
                <th className="num">per extra $1B</th>
                <th className="num wide-only">builds</th>
              </tr>
            </thead>
            <tbody>
              {invest.frontier.map((p) => (
                <tr key={p.share}>
                  <td className="num">{money(p.targetValueUsd)}</td>
                  <td className="num">{percent(p.share)}</td>
                  <td className="num">{p.capexUsd === null ? p.status : money(p.capexUsd)}</td>
                  <td className="num">{money(p.marginalCapexPerBillionUsd)}</td>
                  <td className="num wide-only">{count(p.builds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
