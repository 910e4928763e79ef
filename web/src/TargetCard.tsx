// The first screen's card on the first target: what the plan makes against it, cost-driven routing's
// figure, P(target) from the simulation, and how the measures reconcile. Rows and words come from
// src/report/sections.ts, so the card reads as the report's does.
import { reconciliationParts, targetCard, targetCardRows } from "../../src/report/sections.js";
import type { RunResults } from "./types";

export function TargetCard({ results }: { results: RunResults }) {
  const plan = results.plan?.status === "optimal" ? results.plan : undefined;
  const card = targetCard(plan, results.costRouted, results.simulate);
  if (!card) return null;
  return (
    <section className="target-card" data-testid="target-card" aria-label="target">
      <div className="card-head">
        <span className="muted">target {card.id}</span> <strong data-testid="target-label">{card.label}</strong>{" "}
        <span className={card.met ? "badge ok" : "badge bad"} data-key="met">
          {card.met ? "met" : "not met"}
        </span>
      </div>
      <div className="card-figures">
        {targetCardRows(card).map((r) => (
          <div key={r.key} className="kpi" data-key={r.key}>
            <div className="kpi-value">{r.value}</div>
            <div className="kpi-label">
              {r.label}
              {r.note ? ` · ${r.note}` : ""}
            </div>
          </div>
        ))}
      </div>
      <p className="reconcile" data-testid="reconciliation">
        <span className="muted">
          In {card.countries.join("+")} by {card.by}:
        </span>{" "}
        {reconciliationParts(card).map((p) => (
          <span key={p.key}>
            {p.op && <span className="op">{p.op} </span>}
            <span className="part" data-key={p.key}>
              {p.label} <b>{p.value}</b>
            </span>{" "}
          </span>
        ))}
      </p>
    </section>
  );
}
