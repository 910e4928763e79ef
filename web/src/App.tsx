// The dashboard: on first open it shows the default scenario's latest run, or starts one, so that every
// view has something to draw without any other step.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem, api, followRun } from "./api";
import { money } from "./format";
import type { NetworkView, Progress, Run, ScenarioSummary } from "./types";
import { BottlenecksView } from "./views/BottlenecksView";
import { TargetCard } from "./TargetCard";
import { FlowView } from "./views/FlowView";
import { InvestView } from "./views/InvestView";
import { MapView } from "./views/MapView";
import { OutlookView } from "./views/OutlookView";
import { RiskView } from "./views/RiskView";
import { SensitivityView } from "./views/SensitivityView";
import { RunsView } from "./views/RunsView";
import { ScenarioView } from "./views/ScenarioView";
import { WhatIfView } from "./views/WhatIfView";

const TABS = ["Map", "Flow", "Outlook", "Bottlenecks", "Risk", "Sensitivity", "Invest", "Scenario", "What-if", "Runs"] as const;
type Tab = (typeof TABS)[number];
const FIRST_RUN_TRIALS = 2000;

interface Active {
  id: string;
  scenario: string;
  progress: Progress | null;
}

export function App() {
  const [tab, setTab] = useState<Tab>(() => (TABS as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as Tab) : "Map");
  const [builtins, setBuiltins] = useState<ScenarioSummary[]>([]);
  const [run, setRun] = useState<Run | null>(null);
  const [network, setNetwork] = useState<NetworkView | null>(null);
  const [text, setText] = useState("");
  const [active, setActive] = useState<Active | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const booted = useRef(false);

  const report = useCallback((e: unknown) => {
    setMessage(e instanceof ApiProblem ? `${e.problem.title ?? "Error"}: ${e.message}` : e instanceof Error ? e.message : String(e));
  }, []);

  const openRun = useCallback(async (id: string) => {
    const r = await api<Run>(`/api/runs/${encodeURIComponent(id)}`);
    const v = await api<{ ok: boolean; network?: NetworkView }>("/api/validate", { body: { text: r.scenarioText } });
    setRun(r);
    if (v.network) setNetwork(v.network);
  }, []);

  const follow = useCallback(
    async (id: string, scenario: string) => {
      setActive({ id, scenario, progress: null });
      setRefreshKey((k) => k + 1);
      try {
        const end = await followRun(id, (p) => setActive({ id, scenario, progress: p }));
        if (end.status === "complete") await openRun(id);
        else setMessage(`Run ${id} ${end.status}${end.error ? `: ${end.error}` : ""}`);
      } catch (e) {
        report(e);
      } finally {
        setActive((a) => (a?.id === id ? null : a));
        setRefreshKey((k) => k + 1);
      }
    },
    [openRun, report],
  );

  const start = useCallback(
    async (body: Record<string, unknown>, scenario: string) => {
      setMessage(null);
      try {
        const { id } = await api<{ id: string }>("/api/runs", { body });
        void follow(id, scenario);
      } catch (e) {
        report(e);
      }
    },
    [follow, report],
  );

  useEffect(() => {
    if (booted.current) return;
    booted.current = true;
    (async () => {
      const health = await api<{ defaultScenario: string }>("/api/health");
      const list = await api<{ scenarios: ScenarioSummary[] }>("/api/scenarios");
      setBuiltins(list.scenarios);
      const def = await api<{ name: string; text: string; summary: ScenarioSummary; network: NetworkView }>(`/api/scenarios/${health.defaultScenario}`);
      setText(def.text);
      setNetwork(def.network);
      const q = encodeURIComponent(def.summary.name);
      const done = await api<{ runs: { id: string }[] }>(`/api/runs?limit=1&status=complete&scenario=${q}`);
      if (done.runs.length) return openRun(done.runs[0].id);
      const running = await api<{ runs: { id: string }[] }>(`/api/runs?limit=1&status=running&scenario=${q}`);
      if (running.runs.length) return follow(running.runs[0].id, def.summary.name);
      return start({ scenario: health.defaultScenario, trials: FIRST_RUN_TRIALS }, def.summary.name);
    })().catch(report);
  }, [follow, openRun, report, start]);

  const choose = (t: Tab) => {
    setTab(t);
    history.replaceState(null, "", `#${t}`);
  };

  const cancel = async (id: string) => {
    try {
      await api(`/api/runs/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch (e) {
      report(e);
    }
    setRefreshKey((k) => k + 1);
  };

  const loadBuiltin = async (name: string) => {
    try {
      const s = await api<{ text: string }>(`/api/scenarios/${encodeURIComponent(name)}`);
      setText(s.text);
    } catch (e) {
      report(e);
    }
  };

  const runFromEditor = (kinds: string, trials: number) => {
    const name = /^name:\s*(\S+)/m.exec(text)?.[1] ?? "scenario";
    void start({ text, kinds, trials }, name);
  };

  const results = run?.results ?? {};
  const waiting = !run && (active ? <Waiting active={active} /> : <div className="empty">Loading the latest run…</div>);

  return (
    <div className="app">
      <header>
        <h1>Waferline</h1>
        <nav>
          {TABS.map((t) => (
            <button key={t} type="button" className={t === tab ? "tab on" : "tab"} onClick={() => choose(t)} data-tab={t}>
              {t}
            </button>
          ))}
        </nav>
        <div className="current" data-testid="current-run" data-run-id={run?.id ?? ""} data-scenario={run?.scenarioName ?? ""}>
          {run ? (
            <>
              <strong>{run.scenarioName}</strong> · run <code>{run.id}</code>
              {typeof run.kpis?.["plan.deliveredValueUsd"] === "number" ? ` · plan ${money(run.kpis["plan.deliveredValueUsd"] as number)}` : ""}
            </>
          ) : (
            "no run open"
          )}
        </div>
      </header>
      {active && <Waiting active={active} onCancel={() => cancel(active.id)} banner />}
      {message && (
        <div className="error" role="alert">
          {message}{" "}
          <button type="button" className="link" onClick={() => setMessage(null)}>
            dismiss
          </button>
        </div>
      )}
      <main>
        {run && tab === "Map" && <TargetCard results={results} />}
        {tab === "Map" && <MapView network={network} plan={results.plan} invest={results.invest} scenarioText={run?.scenarioText} events={results.events} />}
        {tab === "Flow" && (waiting || <FlowView plan={results.plan} network={network} />)}
        {tab === "Outlook" && (waiting || <OutlookView plan={results.plan} sim={results.simulate} network={network} />)}
        {tab === "Bottlenecks" && (waiting || <BottlenecksView plan={results.plan} network={network} />)}
        {tab === "Risk" && (waiting || <RiskView key={run?.id} stress={results.stress} byDate={results.stressByDate} />)}
        {tab === "Sensitivity" && (waiting || <SensitivityView sensitivity={results.sensitivity} />)}
        {tab === "Invest" && (waiting || <InvestView invest={results.invest} />)}
        {tab === "Scenario" && <ScenarioView text={text} onText={setText} builtins={builtins} onLoadBuiltin={loadBuiltin} onRun={runFromEditor} busy={active !== null} />}
        {tab === "What-if" && <WhatIfView builtins={builtins} />}
        {tab === "Runs" && <RunsView currentId={run?.id ?? null} onOpen={(id) => openRun(id).then(() => choose("Outlook"), report)} onCancel={cancel} refreshKey={refreshKey} />}
      </main>
    </div>
  );
}

function Waiting({ active, onCancel, banner }: { active: Active; onCancel?: () => void; banner?: boolean }) {
  const p = active.progress;
  return (
    <div className={banner ? "progress banner" : "progress empty"} data-testid={banner ? "run-progress" : undefined}>
      Running <strong>{active.scenario}</strong> (<code>{active.id}</code>): {p ? `${p.stage} ${p.total > 1 ? `${p.done}/${p.total}` : ""}` : "starting…"}
      <progress max={p?.total || 1} value={p ? p.done : 0} />
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
