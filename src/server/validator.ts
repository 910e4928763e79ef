// Request bodies that carry scenario texts (POST /api/validate, POST /api/runs) are decoded, parsed and
// validated on a small pool of worker threads, never on the event loop: a large or hostile body costs a
// thread for a bounded time while every other request goes on being answered. At most `maxConcurrent`
// bodies are in hand at once (more are refused with 429), and one that takes longer than `timeoutMs`
// has its thread terminated.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { ApiError } from "./problem.js";
import { handleTask, type RequestOutcome, type Task } from "./validate.js";

export interface ValidatorOptions {
  /** Bodies in hand at once (running or queued for a thread). */
  maxConcurrent: number;
  /** Threads (default: 2). */
  threads?: number;
  timeoutMs: number;
}

const workerUrl = new URL("./validate.worker.js", import.meta.url);

export class Validator {
  private inHand = 0;
  private readonly pool: Piscina | null;

  constructor(private readonly opts: ValidatorOptions) {
    // Sources run directly (vitest) have no compiled worker: validate in-process there.
    const compiled = workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));
    const threads = Math.max(1, Math.min(opts.threads ?? 2, opts.maxConcurrent));
    this.pool = compiled ? new Piscina({ filename: workerUrl.href, minThreads: 1, maxThreads: threads, idleTimeout: 60_000 }) : null;
  }

  /** Bodies being handled now. */
  get busy(): number {
    return this.inHand;
  }

  /** The body's outcome (handleRequest's); ApiError 429 when the validator is full, 422 when it takes too long. */
  async handle(task: Task): Promise<RequestOutcome> {
    if (this.inHand >= this.opts.maxConcurrent) {
      throw new ApiError(429, "too-many-validations", "Too many scenarios being checked", `${this.inHand} scenarios are being validated; try again in a moment`);
    }
    this.inHand++;
    try {
      if (!this.pool) return await handleTask(task);
      // The bytes move to the thread rather than being copied.
      const transferList = "body" in task ? [task.body.buffer as ArrayBuffer] : [];
      return (await this.pool.run(task, { signal: AbortSignal.timeout(this.opts.timeoutMs), transferList })) as RequestOutcome;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const name = (err as { name?: string })?.name;
      if (name === "AbortError" || name === "TimeoutError") {
        const seconds = Math.round(this.opts.timeoutMs / 1000);
        throw new ApiError(422, "scenario-too-complex", "The scenario is too complex", `checking the scenario took longer than ${seconds} s and was stopped`, {
          problems: [{ code: "limit", path: "(root)", message: `checking took longer than ${seconds} s`, line: 1, col: 1 }],
        });
      }
      throw err;
    } finally {
      this.inHand--;
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
