// What-if sessions: each holds one scenario's planning LP in HiGHS (openWhatIf, src/plan/whatif.ts) and
// answers an edited text or a set of events with a warm re-solve. Runs in the what-if thread (or
// in-process where the worker is not compiled); plain data in and out. A text equal to the session's
// last one is not parsed again, so an events-only request costs the solve alone. The least recently
// used session goes when a new one would pass the cap, and any session idle past its time.
import { type AppliedEdits, type EventRef, eventFootprints, foresightOf, loadScenarioText, type Network, normalize, resolveEventRefs, type Scenario, type ScenarioEvent, withEdits } from "../model/index.js";
import { openWhatIf, type WhatIf, type WhatIfResult } from "../plan/index.js";
import { invalidRequest, invalidScenarioJson, notFound, type ProblemDetails, scenarioProblemJson } from "./problem.js";
import { SolveWhatIfRequest } from "./schemas.js";
import { eventProblems } from "./validate.js";

export type WhatIfMessage =
  | { op: "open"; id: string; text: string; name: string; events?: EventRef[]; foresight?: boolean }
  | { op: "solve"; id: string; body: Uint8Array }
  | { op: "close"; id: string };

/** An encoded WhatIfResponse, or a problem. */
export type WhatIfReply = { ok: true; body: Uint8Array } | { ok: false; problem: ProblemDetails };

interface Session {
  id: string;
  name: string;
  text: string;
  scenario: Scenario;
  net: Network;
  whatIf: WhatIf;
  lastUsed: number;
}

export interface SessionLimits {
  maxSessions: number;
  idleMs: number;
}

export class WhatIfSessions {
  private readonly sessions = new Map<string, Session>();
  // One request at a time: HiGHS is single-threaded here, and a session's model is changed in place.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly limits: SessionLimits) {}

  get size(): number {
    return this.sessions.size;
  }

  handle(msg: WhatIfMessage): Promise<WhatIfReply> {
    const next = this.queue.then(() => this.handleNow(msg));
    this.queue = next.catch(() => {});
    return next;
  }

  private async handleNow(msg: WhatIfMessage): Promise<WhatIfReply> {
    const started = performance.now();
    this.expire(Date.now());
    if (msg.op === "close") {
      const s = this.sessions.get(msg.id);
      if (!s) return { ok: false, problem: gone(msg.id) };
      s.whatIf.dispose();
      this.sessions.delete(msg.id);
      return { ok: true, body: encode({ id: msg.id, closed: true }) };
    }
    if (msg.op === "open") {
      const loaded = load(msg.text);
      if (!loaded.ok) return loaded;
      const events = resolveEventRefs(loaded.scenario, msg.events ?? []);
      if (!events.ok) return { ok: false, problem: eventProblems(events.problems, []) };
      const loadMs = performance.now() - started;
      while (this.sessions.size >= this.limits.maxSessions) this.evictOldest();
      const whatIf = await openWhatIf(loaded.net);
      const s: Session = { id: msg.id, name: msg.name, text: msg.text, scenario: loaded.scenario, net: loaded.net, whatIf, lastUsed: Date.now() };
      this.sessions.set(s.id, s);
      const foresight = foresightOf(loaded.scenario, msg.foresight);
      const r = events.events.length ? await whatIf.solve(loaded.net, { events: events.events, foresight }) : whatIf.first;
      return { ok: true, body: encode(answer(s, r, events.events, { loadMs, started }, { capacity: [], demand: [], price: [] })) };
    }
    const s = this.sessions.get(msg.id);
    if (!s) return { ok: false, problem: gone(msg.id) };
    s.lastUsed = Date.now();
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(msg.body));
    } catch {
      return { ok: false, problem: { type: "about:blank", title: "Bad request", status: 400, detail: "Malformed JSON in request body" } };
    }
    const parsed = SolveWhatIfRequest.safeParse(json);
    if (!parsed.success) return { ok: false, problem: invalidRequest(parsed.error.issues).toProblem() };
    const req = parsed.data;
    if (req.text !== undefined && req.text !== s.text) {
      const loaded = load(req.text);
      if (!loaded.ok) return loaded;
      Object.assign(s, { text: req.text, scenario: loaded.scenario, net: loaded.net });
    }
    const events = resolveEventRefs(s.scenario, (req.events ?? []) as EventRef[]);
    if (!events.ok) return { ok: false, problem: eventProblems(events.problems, []) };
    const edited = withEdits(s.net, { capacity: req.capacity, demand: req.demand, price: req.price });
    if (!edited.ok) return { ok: false, problem: invalidRequest(edited.problems).toProblem() };
    const loadMs = performance.now() - started;
    const r = await s.whatIf.solve(edited.net, { events: events.events, foresight: foresightOf(s.scenario, req.foresight) });
    return { ok: true, body: encode(answer(s, r, events.events, { loadMs, started }, edited.applied)) };
  }

  /** Closes the sessions idle past their time (queued behind the request in hand). */
  sweep(): Promise<void> {
    const next = this.queue.then(() => this.expire(Date.now()));
    this.queue = next.catch(() => {});
    return next;
  }

  private expire(now: number): void {
    for (const s of [...this.sessions.values()]) {
      if (now - s.lastUsed > this.limits.idleMs) {
        s.whatIf.dispose();
        this.sessions.delete(s.id);
      }
    }
  }

  private evictOldest(): void {
    const oldest = [...this.sessions.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!oldest) return;
    oldest.whatIf.dispose();
    this.sessions.delete(oldest.id);
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.whatIf.dispose();
    this.sessions.clear();
  }
}

const encode = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
const gone = (id: string) => notFound(`no what-if session '${id}' (sessions close after a while idle, or when newer ones need the room): open another with POST /api/whatif`).toProblem();

function load(text: string): { ok: true; scenario: Scenario; net: Network } | { ok: false; problem: ProblemDetails } {
  const r = loadScenarioText(text);
  if (!r.ok) return { ok: false, problem: invalidScenarioJson(r.problems.map(scenarioProblemJson)).toProblem() };
  return { ok: true, scenario: r.scenario, net: normalize(r.scenario) };
}

/** The answer's JSON: the plan's headline (no per-entity flows), the events applied, how it was solved and how long it took. */
function answer(s: Session, r: WhatIfResult, events: readonly ScenarioEvent[], t: { loadMs: number; started: number }, edits: AppliedEdits) {
  const p = r.plan;
  const totalMs = performance.now() - t.started;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    id: s.id,
    scenario: s.name,
    warm: r.warm,
    coldReason: r.coldReason,
    changed: r.changed,
    solves: r.solves,
    iterations: r.iterations,
    timings: { loadMs: round(t.loadMs), solveMs: round(totalMs - t.loadMs), totalMs: round(totalMs) },
    plan: {
      status: p.status,
      objective: p.objective,
      objectiveValue: p.objectiveValue,
      kpis: p.kpis,
      targets: p.targets,
      costRouted: p.costRouted ? { deliveredValueUsd: p.costRouted.deliveredValueUsd, targets: p.costRouted.targets } : null,
      bottlenecks: p.bottlenecks.slice(0, 10).map((b) => ({ resource: b.resource, period: b.period, shadowPriceUsd: b.shadowPriceUsd, tenPercentEstimateUsd: b.tenPercentEstimateUsd })),
      notes: p.notes,
    },
    edits: edits.capacity,
    demandEdits: edits.demand,
    priceEdits: edits.price,
    events: {
      ...eventFootprints(s.net, events),
      foresight: r.events.foresight,
      replans: r.events.replans,
    },
  };
}
