// The run history, and two runs side by side.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api";
import { byKey, elapsed, money, percent } from "../format";
import type { RunSummary } from "../types";

interface Comparison {
  a: RunSummary;
  b: RunSummary;
  kpis: { key: string; a: unknown; b: unknown; delta: number | null; relative: number | null }[];
}

/** A run id's date and time part (20261130-012611), the rest in its title. */
const shortId = (id: string) => /^\d{8}-\d{6}/.exec(id)?.[0] ?? id;

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
            <th className="wide-only">scenario</th>
            <th>status</th>
            <th className="wide-only">took</th>
            <th className="num">delivered (plan)</th>
            <th className="num wide-only">P50 (simulated)</th>
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
                <code title={r.id}>
                  <span className="wide-only">{r.id}</span>
                  <span className="narrow-only nowrap">{shortId(r.id)}</span>
                </code>
                <span className="sub narrow-only">{r.scenarioName}</span>
              </td>
              <td className="wide-only">{r.scenarioName}</td>
              <td className={`st-${r.status}`}>{r.status}{r.error ? <span className="muted"> {r.error}</span> : null}</td>
              <td className="wide-only">{elapsed(r.startedAt, r.endedAt)}</td>
              <td className="num">{money(r.kpis?.["plan.deliveredValueUsd"] as number | undefined)}</td>
              <td className="num wide-only">{money(r.kpis?.["simulate.deliveredValueUsd.p50"] as number | undefined)}</td>
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
                <th className="num wide-only">change</th>
              </tr>
            </thead>
            <tbody>
              {cmp.kpis.map((k) => (
                <tr key={k.key}>
                  <td className="key">{k.key}</td>
                  <td className="num">{byKey(k.key, k.a)}</td>
                  <td className="num">{byKey(k.key, k.b)}</td>
                  <td className="num">{k.delta === null ? "" : byKey(k.key, k.delta, { sign: true, delta: true })}</td>
                  <td className="num wide-only">{k.relative === null ? "" : percent(k.relative, { sign: true })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
