// The run history, and two runs side by side.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api";
import { duration, pct, usd } from "../format";
import type { RunSummary } from "../types";

interface Comparison {
  a: RunSummary;
  b: RunSummary;
  kpis: { key: string; a: unknown; b: unknown; delta: number | null; relative: number | null }[];
}

const show = (key: string, v: unknown) =>
  typeof v === "number" ? (/Usd/.test(key) ? usd(v) : /Share|probability/i.test(key) ? pct(v) : v.toLocaleString(undefined, { maximumFractionDigits: 3 })) : v === null || v === undefined ? "–" : String(v);

export function RunsView({ currentId, onOpen, onCancel, refreshKey }: { currentId: string | null; onOpen: (id: string) => void; onCancel: (id: string) => void; refreshKey: number }) {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [cmp, setCmp] = useState<Comparison | null>(null);

  const load = useCallback(() => {
    api<{ runs: RunSummary[] }>("/api/runs?limit=100").then(
      (r) => setRuns(r.runs),
      (e: Error) => setError(e.message),
    );
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger to reload after a run ends.
  useEffect(() => load(), [load, refreshKey]);

  useEffect(() => {
    if (picked.length !== 2) {
      setCmp(null);
      return;
    }
    api<Comparison>(`/api/runs/compare?a=${encodeURIComponent(picked[0])}&b=${encodeURIComponent(picked[1])}`).then(setCmp, (e: Error) => setError(e.message));
  }, [picked]);

  if (error) return <div className="error">{error}</div>;
  if (!runs) return <div className="empty">Loading runs…</div>;
  if (runs.length === 0) return <div className="empty">No runs yet.</div>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));

  return (
    <section className="view" aria-label="Runs">
      <div className="toolbar">
        <button type="button" onClick={load}>
          Refresh
        </button>
        <span className="muted">Tick two runs to compare them (a = first ticked).</span>
      </div>
      <table className="small" data-testid="runs-table">
        <thead>
          <tr>
            <th />
            <th>id</th>
            <th>scenario</th>
            <th>status</th>
            <th>took</th>
            <th className="num">delivered (plan)</th>
            <th className="num">P50 (simulated)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={r.id === currentId ? "current" : ""}>
              <td>
                <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`compare ${r.id}`} />
              </td>
              <td>
                <code>{r.id}</code>
              </td>
              <td>{r.scenarioName}</td>
              <td className={`st-${r.status}`}>{r.status}{r.error ? <span className="muted"> {r.error}</span> : null}</td>
              <td>{duration(r.startedAt, r.endedAt)}</td>
              <td className="num">{usd(r.kpis?.["plan.deliveredValueUsd"] as number | undefined)}</td>
              <td className="num">{usd(r.kpis?.["simulate.deliveredValueUsd.p50"] as number | undefined)}</td>
              <td>
                {r.status === "complete" && (
                  <button type="button" onClick={() => onOpen(r.id)}>
                    open
                  </button>
                )}
                {r.status === "running" && (
                  <button type="button" onClick={() => onCancel(r.id)}>
                    cancel
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cmp && (
        <>
          <h3>
            a = <code>{cmp.a.id}</code> ({cmp.a.scenarioName}) · b = <code>{cmp.b.id}</code> ({cmp.b.scenarioName})
          </h3>
          <table className="small" data-testid="compare-table">
            <thead>
              <tr>
                <th>kpi</th>
                <th className="num">a</th>
                <th className="num">b</th>
                <th className="num">b − a</th>
                <th className="num">change</th>
              </tr>
            </thead>
            <tbody>
              {cmp.kpis.map((k) => (
                <tr key={k.key}>
                  <td>{k.key}</td>
                  <td className="num">{show(k.key, k.a)}</td>
                  <td className="num">{show(k.key, k.b)}</td>
                  <td className="num">{k.delta === null ? "" : show(k.key, k.delta)}</td>
                  <td className="num">{k.relative === null ? "" : pct(k.relative)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
