// Scenario texts sent to the API are parsed and validated on a small pool of worker threads, never on
// the event loop: a large or hostile text costs a thread for a bounded time while every other
// request goes on being answered. At most `maxConcurrent` texts are in hand at once (more are
// refused with 429), and one that takes longer than `timeoutMs` has its thread terminated.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { ApiError } from "./problem.js";
import { type ValidateOutcome, type ValidateTask, validateText } from "./validate.js";

export interface ValidatorOptions {
  /** Texts in hand at once (running or queued for a thread). */
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

  /** Texts being validated now. */
  get busy(): number {
    return this.inHand;
  }

  /** The text's problems or its summary; ApiError 429 when the validator is full, 422 when it takes too long. */
  async validate(task: ValidateTask): Promise<ValidateOutcome> {
    if (this.inHand >= this.opts.maxConcurrent) {
      throw new ApiError(429, "too-many-validations", "Too many scenarios being checked", `${this.inHand} scenarios are being validated; try again in a moment`);
    }
    this.inHand++;
    try {
      if (!this.pool) return validateText(task);
      return (await this.pool.run(task, { signal: AbortSignal.timeout(this.opts.timeoutMs) })) as ValidateOutcome;
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
