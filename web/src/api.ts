// Talking to the API: JSON in and out, problem details as errors, server-sent events over fetch (so
// that a bearer token can be sent, which EventSource cannot do).
import type { Progress, RunStatus } from "./types";

const TOKEN_KEY = "waferline-token";

/** A token given in the address (`#token=...`) is kept for the session and taken out of the address bar. */
function readToken(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
const token = readToken();

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; [k: string]: unknown },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return token ? { authorization: `Bearer ${token}`, ...extra } : extra;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: headers(init.body === undefined ? {} : { "content-type": "application/json" }),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiProblem(res.status, data ?? {});
  return data as T;
}

export type RunEvent = ({ type: "progress" } & Progress) | { type: "end"; status: RunStatus; error: string | null };

/** Follows a run's events until its end (resolves with it) or until `signal` aborts. */
export async function followRun(id: string, onProgress: (p: Progress) => void, signal?: AbortSignal): Promise<{ status: RunStatus; error: string | null }> {
  const res = await fetch(`/api/runs/${encodeURIComponent(id)}/events`, { headers: headers(), signal });
  if (!res.ok || !res.body) throw new ApiProblem(res.status, await res.json().catch(() => ({})));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf("\n\n");
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("\n");
      if (!data) continue;
      const e = JSON.parse(data) as RunEvent;
      if (e.type === "progress") onProgress({ stage: e.stage, done: e.done, total: e.total });
      else {
        void reader.cancel();
        return { status: e.status, error: e.error };
      }
    }
  }
  throw new Error("the event stream closed before the run ended");
}
