// Worker-thread entry of the what-if sessions (src/server/whatif.ts starts one): the sessions' HiGHS
// models live here, so that a re-solve never holds the server's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { type SessionLimits, type WhatIfMessage, WhatIfSessions } from "./whatif-sessions.js";

const limits = workerData as SessionLimits;
const sessions = new WhatIfSessions(limits);
// Idle sessions close on time even when no request comes to notice them.
setInterval(() => void sessions.sweep(), Math.max(1000, Math.min(60_000, limits.idleMs / 2))).unref();
parentPort?.on("message", (m: { seq: number; msg: WhatIfMessage }) => {
  sessions.handle(m.msg).then(
    (reply) => parentPort?.postMessage({ seq: m.seq, reply }, reply.ok ? [reply.body.buffer as ArrayBuffer] : []),
    (err) => parentPort?.postMessage({ seq: m.seq, reply: { ok: false, problem: { type: "urn:waferline:problem:internal", title: "Internal error", status: 500, detail: String(err instanceof Error ? err.message : err).slice(0, 500) } } }),
  );
});
