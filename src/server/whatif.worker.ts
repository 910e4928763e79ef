// Worker-thread entry of the what-if sessions (src/server/whatif.ts starts one): the sessions' HiGHS
// models live here, so that a re-solve never holds the server's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { type SessionLimits, type WhatIfMessage, WhatIfSessions } from "./whatif-sessions.js";

const sessions = new WhatIfSessions(workerData as SessionLimits);
parentPort?.on("message", (m: { seq: number; msg: WhatIfMessage }) => {
  sessions.handle(m.msg).then(
    (reply) => parentPort?.postMessage({ seq: m.seq, reply }, reply.ok ? [reply.body.buffer as ArrayBuffer] : []),
    (err) => parentPort?.postMessage({ seq: m.seq, reply: { ok: false, problem: { type: "urn:waferline:problem:internal", title: "Internal error", status: 500, detail: String(err instanceof Error ? err.message : err).slice(0, 500) } } }),
  );
});
