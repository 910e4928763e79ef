// The what-if sessions' thread, seen from the server: one worker thread (started on first use) holds every
// session's HiGHS model and answers one request at a time; this side numbers the requests, matches the
// answers, and stops a request that runs too long by restarting the thread (its sessions are lost, and
// the request and those waiting get a 503). Falls back to in-process sessions where the worker is not
// compiled (sources run directly, as under vitest).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ApiError } from "./problem.js";
import { type SessionLimits, type WhatIfMessage, type WhatIfReply, WhatIfSessions } from "./whatif-sessions.js";

const workerUrl = new URL("./whatif.worker.js", import.meta.url);

export interface WhatIfPoolOptions extends SessionLimits {
  /** A request still going after this long restarts the thread. */
  timeoutMs: number;
}

export class WhatIfPool {
  private worker: Worker | null = null;
  private local: WhatIfSessions | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: WhatIfReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly compiled = workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));

  constructor(private readonly opts: WhatIfPoolOptions) {}

  /** Requests sent and not answered yet. */
  get busy(): number {
    return this.pending.size + (this.localBusy ? 1 : 0);
  }
  private localBusy = 0;

  /** The answer's encoded JSON; an ApiError for a problem. */
  async request(msg: WhatIfMessage): Promise<Uint8Array> {
    const reply = await this.send(msg);
    if (!reply.ok) {
      const p = reply.problem;
      throw new ApiError(p.status, p.type.replace("urn:waferline:problem:", ""), p.title, p.detail, p);
    }
    return reply.body;
  }

  private send(msg: WhatIfMessage): Promise<WhatIfReply> {
    if (!this.compiled) {
      this.local ??= new WhatIfSessions(this.opts);
      this.localBusy++;
      return this.local.handle(msg).finally(() => this.localBusy--);
    }
    const worker = this.start();
    const seq = ++this.seq;
    return new Promise<WhatIfReply>((resolve, reject) => {
      const timer = setTimeout(() => this.restart(new ApiError(503, "whatif-timeout", "What-if took too long", `a what-if request took longer than ${Math.round(this.opts.timeoutMs / 1000)} s: the what-if thread was restarted and its sessions closed`)), this.opts.timeoutMs);
      timer.unref?.();
      this.pending.set(seq, { resolve, reject, timer });
      worker.postMessage({ seq, msg }, msg.op === "solve" ? [msg.body.buffer as ArrayBuffer] : []);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerUrl, { workerData: { maxSessions: this.opts.maxSessions, idleMs: this.opts.idleMs } satisfies SessionLimits, stdout: true, stderr: true });
    w.stdout.resume();
    w.stderr.resume();
    w.unref();
    w.on("message", (m: { seq: number; reply: WhatIfReply }) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(m.seq);
      p.resolve(m.reply);
    });
    const lost = (why: string) => () => {
      if (this.worker === w) this.restart(new ApiError(503, "whatif-lost", "What-if thread stopped", `the what-if thread ${why}; its sessions are closed: open another`));
    };
    w.on("error", lost("failed"));
    w.on("exit", lost("exited"));
    this.worker = w;
    return w;
  }

  /** Ends the thread; every request waiting gets `err`. The next request starts a fresh thread. */
  private restart(err: Error): void {
    const w = this.worker;
    this.worker = null;
    for (const [seq, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(seq);
    }
    void w?.terminate();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.restart(new ApiError(503, "shutting-down", "Shutting down", "the server is stopping"));
    await w?.terminate();
    this.local?.dispose();
  }
}
