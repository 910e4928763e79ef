// A scenario editor with line numbers and live validation (problems at their line), and run buttons.
import { useEffect, useRef, useState } from "react";
import { api } from "../api";
import type { ScenarioProblem, ScenarioSummary } from "../types";

type Kinds = "all" | "plan" | "simulate" | "stress";

export function ScenarioView(props: {
  text: string;
  onText: (text: string) => void;
  builtins: ScenarioSummary[];
  onLoadBuiltin: (name: string) => void;
  onRun: (kinds: Kinds, trials: number) => void;
  busy: boolean;
}) {
  const { text, onText } = props;
  const [problems, setProblems] = useState<ScenarioProblem[] | null>(null);
  const [summary, setSummary] = useState<ScenarioSummary | null>(null);
  const [checking, setChecking] = useState(false);
  const [trials, setTrials] = useState(2000);
  const gutter = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!text.trim()) {
      setProblems(null);
      return;
    }
    const ctrl = new AbortController();
    setChecking(true);
    const timer = setTimeout(() => {
      api<{ ok: boolean; problems: ScenarioProblem[]; summary?: ScenarioSummary }>("/api/validate", { body: { text }, signal: ctrl.signal })
        .then((v) => {
          setProblems(v.problems);
          setSummary(v.summary ?? null);
        })
        .catch((e: Error) => {
          if (e.name !== "AbortError") setProblems([{ code: "request", path: "(request)", message: e.message, line: 1, col: 1 }]);
        })
        .finally(() => setChecking(false));
    }, 350);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text]);

  const lines = text.split("\n").length;
  const bad = new Set(problems?.map((p) => p.line) ?? []);
  const jump = (line: number, col: number) => {
    const el = area.current;
    if (!el) return;
    const offset = text.split("\n").slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0) + col - 1;
    el.focus();
    el.setSelectionRange(offset, offset);
  };
  const valid = problems !== null && problems.length === 0;

  return (
    <section className="view" aria-label="Scenario">
      <div className="toolbar">
        <label>
          Built-in:{" "}
          <select aria-label="built-in scenario" value="" onChange={(e) => e.target.value && props.onLoadBuiltin(e.target.value)}>
            <option value="">load…</option>
            {props.builtins.map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Trials <input type="number" min={1} max={100000} value={trials} onChange={(e) => setTrials(Number(e.target.value))} aria-label="trials" style={{ width: "6em" }} />
        </label>
        {(["all", "plan", "simulate", "stress"] as Kinds[]).map((k) => (
          <button key={k} type="button" disabled={!valid || props.busy} onClick={() => props.onRun(k, trials)} data-testid={`run-${k}`}>
            {k === "all" ? "Run all" : `Run ${k}`}
          </button>
        ))}
        <span className={`status ${valid ? "ok" : problems?.length ? "bad" : ""}`} data-testid="validation-status">
          {checking ? "checking…" : problems === null ? "" : valid ? `valid${summary ? `: ${summary.title}` : ""}` : `${problems.length} problem${problems.length === 1 ? "" : "s"}`}
        </span>
      </div>
      <div className="editor">
        <div className="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={bad.has(i + 1) ? "bad" : ""} data-line={i + 1}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          aria-label="scenario text"
          spellCheck={false}
          wrap="off"
          value={text}
          onChange={(e) => onText(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      {problems && problems.length > 0 && (
        <ul className="problems" data-testid="problems">
          {problems.map((p, i) => (
            <li key={i} data-line={p.line}>
              <button type="button" className="link" onClick={() => jump(p.line, p.col)}>
                line {p.line}, col {p.col}
              </button>{" "}
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
