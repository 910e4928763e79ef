// What-if: open a session on a built-in scenario or a saved variant (its plan solved once and kept on the
// server), scale capacities and demand from a period, set prices and pick events, and see the plan's target
// figures move beside the base's in well under a second (a warm re-solve). Save the edit as a variant, list, export and delete
// variants, and compare a variant with its parent (input diff with lines, KPI diff, warnings).
import { useCallback, useEffect, useState } from "react";
import { ApiProblem, api } from "../api";
import { writeCapacityFactors, writeDemandEdits, writeWhatIf } from "../capacityYaml";
import { type DemandField, type DemandRow, demandGrid } from "../demandGrid";
import { byKey, money } from "../format";
import { MapView } from "./MapView";
import type { CapacityEdit, Comparison, EventSummary, NetworkView, ScenarioSummary, Variant, VariantSummary, WhatIf } from "../types";

type Source = { kind: "scenario" | "variant"; name: string };
interface Row {
  factor: string;
  from: string;
}

const sourceKey = (s: Source) => `${s.kind}:${s.name}`;
const parseKey = (k: string): Source | null => {
  const i = k.indexOf(":");
  return i < 0 ? null : { kind: k.slice(0, i) as Source["kind"], name: k.slice(i + 1) };
};
const message = (e: unknown) => (e instanceof ApiProblem ? `${e.problem.title ?? "Error"}: ${e.message}` : e instanceof Error ? e.message : String(e));

/** The figures compared: the first target's made value and whether it is met, and the delivered value. */
function figures(w: WhatIf) {
  const t = w.plan.targets[0];
  const delivered = w.plan.kpis.deliveredValueUsd;
  return { target: t, made: t?.madeValueUsd ?? null, met: t?.met ?? null, delivered: typeof delivered === "number" ? delivered : null };
}

export function WhatIfView({ builtins }: { builtins: ScenarioSummary[] }) {
  const [variants, setVariants] = useState<VariantSummary[]>([]);
  const [source, setSource] = useState<Source | null>(null);
  const [text, setText] = useState("");
  const [network, setNetwork] = useState<NetworkView | null>(null);
  const [events, setEvents] = useState<EventSummary[]>([]);
  const [base, setBase] = useState<WhatIf | null>(null);
  const [answer, setAnswer] = useState<WhatIf | null>(null);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [demandRows, setDemandRows] = useState<Record<string, DemandRow>>({});
  const [picked, setPicked] = useState<string[]>([]);
  const [foresight, setForesight] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [saveName, setSaveName] = useState("");
  const [cmp, setCmp] = useState<{ title: string; variant: string | null; result: Comparison } | null>(null);
  const [trials, setTrials] = useState(500);

  const loadVariants = useCallback(() => {
    api<{ variants: VariantSummary[] }>("/api/variants").then(
      (r) => setVariants(r.variants),
      (e) => setError(message(e)),
    );
  }, []);
  useEffect(loadVariants, [loadVariants]);

  const open = async (s: Source) => {
    setSource(s);
    setBusy("opening");
    setError(null);
    setNote(null);
    setBase(null);
    setAnswer(null);
    setRows({});
    setDemandRows({});
    setPicked([]);
    try {
      const q = encodeURIComponent(s.name);
      let t: string;
      let net: NetworkView | undefined;
      if (s.kind === "scenario") {
        const r = await api<{ text: string; network: NetworkView }>(`/api/scenarios/${q}`);
        t = r.text;
        net = r.network;
      } else {
        t = (await api<Variant>(`/api/variants/${q}`)).text;
        net = (await api<{ network?: NetworkView }>("/api/validate", { body: { text: t } })).network;
      }
      const [ev, w] = await Promise.all([
        api<{ events: EventSummary[] }>(`/api/${s.kind === "scenario" ? "scenarios" : "variants"}/${q}/events`),
        api<WhatIf>("/api/whatif", { body: { [s.kind]: s.name } }),
      ]);
      setText(t);
      setNetwork(net ?? null);
      setEvents(ev.events);
      setBase(w);
      setSaveName(`${s.name.replace(/-whatif(-\d+)?$/, "")}-whatif`.slice(0, 80));
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  };

  const edits = (): CapacityEdit[] => {
    const out: CapacityEdit[] = [];
    for (const r of network?.resources ?? []) {
      const row = rows[r.id];
      if (!row || row.factor.trim() === "") continue;
      const factor = Number(row.factor);
      if (!Number.isFinite(factor) || factor === 1) continue;
      out.push({ resource: r.id, from: row.from || (network?.periods[0] ?? ""), factor });
    }
    return out;
  };

  const apply = async () => {
    if (!base) return;
    setBusy("solving");
    setError(null);
    try {
      const body: Record<string, unknown> = { capacity: edits() };
      // Only the fields without a problem: the others say what is wrong beside them.
      if (grid.price.length) body.price = grid.price;
      if (grid.demand.length) body.demand = grid.demand;
      if (picked.length) {
        body.events = picked;
        body.foresight = foresight;
      }
      let w: WhatIf;
      try {
        w = await api<WhatIf>(`/api/whatif/${base.id}`, { body });
      } catch (e) {
        // A session closes after 15 idle minutes (or when others push it out): open a new one and retry.
        if (!(e instanceof ApiProblem && e.status === 404) || !source) throw e;
        const fresh = await api<WhatIf>("/api/whatif", { body: { [source.kind]: source.name } });
        setBase(fresh);
        w = await api<WhatIf>(`/api/whatif/${fresh.id}`, { body });
      }
      setAnswer(w);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!source || !network) return;
    setBusy("saving");
    setError(null);
    setNote(null);
    try {
      // Branched from the source (so that it keeps its parent for "compare with parent"), then given the
      // edited text where the edits could be written into it.
      const factorEdits = edits().map((e) => ({ resource: e.resource, from: e.from, factor: e.factor as number }));
      const w = factorEdits.length ? await writeCapacityFactors(text, network, factorEdits) : null;
      const quantity = grid.demand.map((e) => ({ demand: e.demand, from: e.from, factor: e.factor as number }));
      const price = grid.price.map((e) => ({ demand: e.demand, priceUsd: e.priceUsd as number }));
      const d = quantity.length || price.length ? await writeDemandEdits(w?.text ?? text, network, { price, quantity }) : null;
      const edited = d?.text ?? w?.text ?? text;
      // The events picked go into the variant's `whatIf:` block beside those already in force there, so
      // that every run of the variant applies them.
      const stated = events.filter((e) => e.inForce).map((e) => e.name);
      const withEvents = picked.length ? await writeWhatIf(edited, [...stated, ...picked], foresight) : null;
      let v = await api<Variant>("/api/variants", { body: { name: saveName, from: { [source.kind]: source.name } } });
      if (edited !== text || withEvents) {
        try {
          v = await api<Variant>(`/api/variants/${encodeURIComponent(v.name)}`, { method: "PUT", body: { text: withEvents ?? edited } });
        } catch (e) {
          await api(`/api/variants/${encodeURIComponent(v.name)}`, { method: "DELETE" }).catch(() => {});
          throw e;
        }
      }
      const wrote = [
        ...(w?.written ?? []).map((x) => `${x.resource} = ${x.level} from ${x.from}`),
        ...(d?.written ?? []).map((x) => (x.edit === "price" ? `${x.demand} price = ${money(x.priceUsd)}` : `${x.demand} quantity × ${x.factor} from ${x.from}`)),
      ];
      const left = [...(w?.skipped ?? []).map((x) => `${x.resource}, ${x.reason}`), ...(d?.skipped ?? []).map((x) => `${x.demand} ${x.edit}, ${x.reason}`)];
      let said =
        w || d
          ? [wrote.length ? `wrote ${wrote.join(", ")}` : "", left.length ? `not written (edit its YAML in the Scenario view): ${left.join("; ")}` : ""].filter(Boolean).join(" · ")
          : `a copy of ${source.name}`;
      if (picked.length) said += ` · every run of it applies ${[...events.filter((e) => e.inForce).map((e) => e.name), ...picked].join(", ")}${foresight ? " (foreseen)" : ""}`;
      setNote(`Saved variant ${v.name}: ${said}.`);
      loadVariants();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (name: string) => {
    setError(null);
    try {
      await api(`/api/variants/${encodeURIComponent(name)}`, { method: "DELETE" });
      if (cmp?.variant === name) setCmp(null);
      loadVariants();
    } catch (e) {
      setError(message(e));
    }
  };

  const compare = async (v: VariantSummary) => {
    const p = v.parent;
    const parent = p.ref === null ? null : p.kind === "builtin" ? { scenario: p.ref } : p.kind === "variant" ? { variant: p.ref } : p.kind === "run" ? { run: p.ref } : null;
    if (!parent) return;
    setBusy(`comparing ${v.name}`);
    setError(null);
    try {
      const result = await api<Comparison>("/api/compare", { body: { a: parent, b: { variant: v.name }, trials } });
      setCmp({ title: `${v.name} against its parent`, variant: v.name, result });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  };

  /** The source without events (a) against the source with the picked events (b), simulated and stressed too. */
  const compareEvents = async () => {
    if (!source || picked.length === 0) return;
    setBusy("comparing");
    setError(null);
    try {
      const side = { [source.kind]: source.name };
      const result = await api<Comparison>("/api/compare", { body: { a: side, b: { ...side, events: picked, foresight }, trials } });
      setCmp({ title: `${source.name} without and with ${picked.join(", ")}${foresight ? " (foreseen)" : ""}`, variant: null, result });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  };

  const grid = network ? demandGrid(network, demandRows) : { price: [], demand: [], problems: {} };
  const setDemandRow = (id: string, patch: Partial<DemandRow>) => setDemandRows((rs) => ({ ...rs, [id]: { price: rs[id]?.price ?? "", factor: rs[id]?.factor ?? "", from: rs[id]?.from ?? "", ...patch } }));
  /**
   * A demand row's field in its cell, its problem beside it (the edit is not sent while there is one).
   * `testid` names it: `price-input-ID`, `demand-factor-ID`; its label and problem drop the `-input`.
   */
  const demandCell = (id: string, field: DemandField, testid: string, input: { placeholder?: string; className: string; list?: string; decimal?: boolean }) => {
    const p = grid.problems[id]?.[field];
    return (
      <td>
        <input
          type="text"
          inputMode={input.decimal ? "decimal" : undefined}
          list={input.list}
          placeholder={input.placeholder}
          value={demandRows[id]?.[field] ?? ""}
          onChange={(e) => setDemandRow(id, { [field]: e.target.value })}
          aria-label={`${testid.replace(/-input$/, "").replace(/-/g, " ")} ${id}`}
          aria-invalid={p ? true : undefined}
          data-testid={`${testid}-${id}`}
          className={input.className}
        />
        {p && (
          <span className="field-problem" role="alert" data-testid={`${testid.replace(/-input$/, "")}-problem-${id}`}>
            {p}
          </span>
        )}
      </td>
    );
  };
  const setRow = (id: string, patch: Partial<Row>) => setRows((rs) => ({ ...rs, [id]: { factor: rs[id]?.factor ?? "", from: rs[id]?.from ?? network?.periods[0] ?? "", ...patch } }));
  const b = base ? figures(base) : null;
  const a = answer ? figures(answer) : null;
  // The map shows the events of the latest answer, else those the opened variant applies in every run.
  const shown = answer ?? base;
  const delta = (x: number | null, y: number | null) => (x === null || y === null ? "" : money(y - x, { sign: true }));

  return (
    <section className="view whatif" aria-label="What-if">
      <div className="toolbar">
        <label>
          Open{" "}
          <select aria-label="what-if source" value={source ? sourceKey(source) : ""} onChange={(e) => {
            const s = parseKey(e.target.value);
            if (s) void open(s);
          }}>
            <option value="">a scenario or variant…</option>
            <optgroup label="built-in">
              {builtins.map((s) => (
                <option key={s.name} value={`scenario:${s.name}`}>
                  {s.name}
                </option>
              ))}
            </optgroup>
            {variants.length > 0 && (
              <optgroup label="variants">
                {variants.map((v) => (
                  <option key={v.name} value={`variant:${v.name}`}>
                    {v.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label>
          Compare with{" "}
          <input type="number" min={1} max={100000} value={trials} onChange={(e) => setTrials(Number(e.target.value))} aria-label="compare trials" className="trials" /> trials a side
        </label>
        {busy && <span className="muted" data-testid="whatif-busy">{busy}…</span>}
      </div>
      {error && (
        <div className="error" role="alert" data-testid="whatif-error">
          {error}
        </div>
      )}
      {!source && <div className="empty">Pick a built-in scenario or a saved variant to open a what-if on it: its plan is solved once and kept, and each edit re-solves it in under a second.</div>}

      {base && b && (
        <>
          <h3>
            {source?.kind === "variant" ? "Variant" : "Scenario"} <code>{base.scenario}</code>
            {b.target && (
              <span className="muted">
                {" "}
                · target {b.target.id}: {money(b.target.valueUsd)} {b.target.measure} in {b.target.countries.join("+")} by {b.target.by}
              </span>
            )}
          </h3>
          <table className="small" data-testid="whatif-kpis">
            <thead>
              <tr>
                <th />
                <th className="num">base</th>
                {a && <th className="num">what-if</th>}
                {a && <th className="num">change</th>}
              </tr>
            </thead>
            <tbody>
              <tr data-key="made">
                <td>target made value</td>
                <td className="num" data-side="base">{money(b.made)}</td>
                {a && <td className="num" data-side="whatif">{money(a.made)}</td>}
                {a && <td className="num" data-side="delta">{delta(b.made, a.made)}</td>}
              </tr>
              <tr data-key="met">
                <td>target met</td>
                <td className="num" data-side="base">{b.met === null ? "" : b.met ? "met" : "not met"}</td>
                {a && <td className="num" data-side="whatif">{a.met === null ? "" : a.met ? "met" : "not met"}</td>}
                {a && <td className="num" data-side="delta" />}
              </tr>
              <tr data-key="delivered">
                <td>delivered value</td>
                <td className="num" data-side="base">{money(b.delivered)}</td>
                {a && <td className="num" data-side="whatif">{money(a.delivered)}</td>}
                {a && <td className="num" data-side="delta">{delta(b.delivered, a.delivered)}</td>}
              </tr>
            </tbody>
          </table>
          <p className="muted" data-testid="whatif-timing">
            Base plan {base.plan.status}, solved in {Math.round(base.timings.totalMs)} ms.
            {answer && (
              <>
                {" "}
                What-if {answer.plan.status}: {answer.warm ? "warm re-solve" : `cold solve${answer.coldReason ? ` (${answer.coldReason})` : ""}`} in{" "}
                <b data-testid="whatif-solve-ms">{Math.round(answer.timings.solveMs)} ms</b> ({Math.round(answer.timings.totalMs)} ms in all)
                {answer.edits.length > 0 && ` · ${answer.edits.map((e) => `${e.resource} ${e.from}–${e.to}`).join(", ")}`}
                {answer.priceEdits.length > 0 && ` · ${answer.priceEdits.map((e) => `${e.demand} at ${money(e.priceUsd)}`).join(", ")}`}
                {answer.demandEdits.length > 0 && ` · ${answer.demandEdits.map((e) => `${e.demand} ${e.from}–${e.to}`).join(", ")}`}
                {answer.events.applied.length > 0 && ` · events ${answer.events.applied.map((e) => e.id).join(", ")}${answer.events.foresight ? " (foreseen)" : " (a surprise)"}`}
                {answer.events.replans.length > 0 && ` · re-planned from ${answer.events.replans.map((r) => r.from).join(", ")}`}
              </>
            )}
          </p>
          {shown && shown.events.applied.length > 0 && (
            <div data-testid="whatif-map">
              <h3>The events on the map{answer ? "" : " (in force in this variant)"}</h3>
              <MapView key={`${shown.id}:${shown.events.applied.map((e) => e.id).join(",")}`} network={network} events={shown.events} tables={false} />
            </div>
          )}

          <h3>Capacities</h3>
          <table className="small" data-testid="capacity-grid">
            <thead>
              <tr>
                <th>resource</th>
                <th className="num wide-only">capacity now</th>
                <th>factor</th>
                <th>from</th>
              </tr>
            </thead>
            <tbody>
              {(network?.resources ?? []).map((r) => (
                <tr key={r.id} data-resource={r.id}>
                  <td>
                    <code>{r.id}</code>
                    <span className="sub">{r.name}</span>
                  </td>
                  <td className="num wide-only">
                    {Math.max(...r.capacity).toLocaleString("en-US", { maximumFractionDigits: 0 })} <span className="unit">{r.unit} (peak)</span>
                  </td>
                  <td>
                    <input type="number" min={0} max={1000} step={0.05} placeholder="1" value={rows[r.id]?.factor ?? ""} onChange={(e) => setRow(r.id, { factor: e.target.value })} aria-label={`factor ${r.id}`} className="factor" />
                  </td>
                  <td>
                    <select aria-label={`from ${r.id}`} value={rows[r.id]?.from ?? network?.periods[0] ?? ""} onChange={(e) => setRow(r.id, { from: e.target.value })}>
                      {(network?.periods ?? []).map((p) => (
                        <option key={p} value={p}>
                          {p}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Demand and prices</h3>
          <table className="small" data-testid="demand-grid">
            <thead>
              <tr>
                <th>demand</th>
                <th className="num wide-only">price now</th>
                <th>price (USD per unit)</th>
                <th>quantity factor</th>
                <th>from</th>
              </tr>
            </thead>
            <tbody>
              {(network?.demands ?? []).map((d) => (
                <tr key={d.id} data-demand={d.id}>
                  <td>
                    <code>{d.id}</code>
                    <span className="sub">
                      {d.item} at {d.site}
                    </span>
                  </td>
                  <td className="num wide-only">{money(d.priceUsd)}</td>
                  {demandCell(d.id, "price", "price-input", { placeholder: String(d.priceUsd), className: "price", decimal: true })}
                  {d.unbounded ? (
                    <td colSpan={2} className="muted">
                      unbounded: no quantity to scale
                    </td>
                  ) : (
                    <>
                      {demandCell(d.id, "factor", "demand-factor", { placeholder: "1", className: "factor", decimal: true })}
                      {demandCell(d.id, "from", "demand-from", { placeholder: network?.periods[0], className: "period", list: "whatif-periods" })}
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <datalist id="whatif-periods">
            {(network?.periods ?? []).map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>

          <h3>Events</h3>
          {events.length === 0 ? (
            <p className="muted" data-testid="no-events">
              This scenario's library has no events.
            </p>
          ) : (
            <ul className="events" data-testid="event-picker">
              {events.map((e) => (
                <li key={e.name}>
                  <label>
                    <input
                      type="checkbox"
                      checked={e.inForce || picked.includes(e.name)}
                      disabled={e.inForce}
                      onChange={() => setPicked((p) => (p.includes(e.name) ? p.filter((x) => x !== e.name) : [...p, e.name]))}
                      aria-label={`event ${e.name}`}
                      data-in-force={e.inForce || undefined}
                    />{" "}
                    <b>{e.name}</b> {e.inForce && <span className="muted">(in force in every run of this variant) </span>}
                    <span className="muted">
                      {e.kind}, {e.start}
                      {e.end ? `–${e.end}` : ""}
                      {e.description ? `: ${e.description}` : ""}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div className="toolbar">
            <label>
              <input type="checkbox" checked={foresight} onChange={(e) => setForesight(e.target.checked)} aria-label="foresight" disabled={events.length === 0} /> foresight (events known in advance)
            </label>
            <button type="button" onClick={apply} disabled={busy !== null} data-testid="whatif-apply">
              Apply
            </button>
            <button type="button" onClick={compareEvents} disabled={busy !== null || picked.length === 0} data-testid="events-compare">
              Compare with and without the events
            </button>
          </div>

          <h3>Save as variant</h3>
          <div className="toolbar">
            <label>
              Name <input value={saveName} onChange={(e) => setSaveName(e.target.value)} aria-label="variant name" pattern="[a-z0-9][a-z0-9-]*" maxLength={80} className="name" />
            </label>
            <button type="button" onClick={save} disabled={busy !== null || !saveName} data-testid="variant-save">
              Save as variant
            </button>
          </div>
          {note && (
            <p className="muted" data-testid="variant-note">
              {note}
            </p>
          )}
        </>
      )}

      <h3>Saved variants</h3>
      {variants.length === 0 ? (
        <p className="muted">No variants saved yet.</p>
      ) : (
        <>
          <table className="small" data-testid="variants-table">
            <thead>
              <tr>
                <th>variant</th>
                <th>parent</th>
                <th className="wide-only">changed</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {variants.map((v) => (
                <tr key={v.name} data-variant={v.name}>
                  <td>
                    <code>{v.name}</code>
                  </td>
                  <td>
                    {v.parent.kind}
                    {v.parent.ref ? (
                      <>
                        {" "}
                        <code>{v.parent.ref}</code>
                      </>
                    ) : null}
                  </td>
                  <td className="wide-only nowrap">{v.updatedAt.slice(0, 16).replace("T", " ")}</td>
                  <td className="actions">
                    <button type="button" onClick={() => open({ kind: "variant", name: v.name })} disabled={busy !== null}>
                      open
                    </button>{" "}
                    <button type="button" onClick={() => compare(v)} disabled={busy !== null || v.parent.kind === "text" || v.parent.ref === null} data-testid="variant-compare">
                      compare with parent
                    </button>{" "}
                    <a href={`/api/variants/${encodeURIComponent(v.name)}/export?format=yaml`} download={`${v.name}.yaml`}>
                      YAML
                    </a>{" "}
                    <button type="button" onClick={() => remove(v.name)} disabled={busy !== null} data-testid="variant-delete">
                      delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {cmp && <CompareResult title={cmp.title} c={cmp.result} />}
    </section>
  );
}

function CompareResult({ title, c }: { title: string; c: Comparison }) {
  const side = (s: Comparison["a"]) => `${s.label}${s.trials !== null ? `, ${s.trials} trials` : ""}${s.seed !== null ? `, seed ${s.seed}` : ""}${s.events.length ? `, events ${s.events.join(", ")}` : ""}`;
  return (
    <div data-testid="compare-result">
      <h3 data-testid="compare-title">{title}</h3>
      <p className="muted">
        a = {side(c.a)} · b = {side(c.b)}
      </p>
      {c.warnings.length > 0 && (
        <ul className="warnings" data-testid="compare-warnings">
          {c.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="small" data-testid="compare-inputs">
        <thead>
          <tr>
            <th>input</th>
            <th>a</th>
            <th>b</th>
            <th className="num wide-only">lines</th>
          </tr>
        </thead>
        <tbody>
          {c.inputs.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                no input differs
              </td>
            </tr>
          )}
          {c.inputs.map((d) => (
            <tr key={d.path} data-path={d.path}>
              <td className="key">
                <code>{d.path}</code>
                <span className="sub narrow-only">
                  lines {d.lineA ?? "–"} / {d.lineB ?? "–"}
                </span>
              </td>
              <td className="val" data-side="a">
                <code>{d.a === null ? "–" : String(d.a)}</code>
              </td>
              <td className="val" data-side="b">
                <code>{d.b === null ? "–" : String(d.b)}</code>
              </td>
              <td className="num wide-only">
                {d.lineA ?? "–"} / {d.lineB ?? "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="small" data-testid="compare-kpis">
        <thead>
          <tr>
            <th>kpi</th>
            <th className="num">a</th>
            <th className="num">b</th>
            <th className="num">b − a</th>
          </tr>
        </thead>
        <tbody>
          {c.kpis.map((k) => (
            <tr key={k.key} data-key={k.key}>
              <td className="key">{k.key}</td>
              <td className={typeof k.a === "string" ? "val" : "num"}>{byKey(k.key, k.a)}</td>
              <td className={typeof k.b === "string" ? "val" : "num"}>{byKey(k.key, k.b)}</td>
              <td className="num">{k.delta === null ? "" : byKey(k.key, k.delta, { sign: true, delta: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
