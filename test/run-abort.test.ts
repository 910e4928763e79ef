// Issue 11, finding 1 at its root: an aborted run must reject once, with an AbortError, at whichever
// stage it is; nothing may be thrown from a progress callback into the simulation pool, where it became
// an unhandled rejection that killed the process. The built engines (the simulation pool needs its
// compiled worker), in this process, as the CLI runs them.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadNetwork } from "../src/cli/scenario-file.js";

const built = async () => (await import("../dist/run/run.js")) as typeof import("../src/run/run.js");

let unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
beforeEach(() => {
  unhandled = [];
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
});

describe("executeRun with an abort signal", () => {
  test.each([
    ["simulate", 100_000, 2],
    ["sensitivity", 100_000, 2],
    ["plan", 1000, 2],
  ] as const)("aborted during %s: rejects with an AbortError, nothing escapes, the threads stop", async (stage, trials, threads) => {
    const { executeRun } = await built();
    const loaded = loadNetwork(undefined);
    const controller = new AbortController();
    const stages: string[] = [];
    const run = executeRun(loaded, {
      kinds: [stage],
      trials,
      threads,
      signal: controller.signal,
      onProgress: (p) => {
        stages.push(p.stage);
        // Abort once the stage is under way (after a first chunk or point where there are any).
        if (p.stage === stage && (p.done > 0 || stage === "plan")) controller.abort();
      },
    });
    const t0 = Date.now();
    await expect(run).rejects.toMatchObject({ name: "AbortError", message: "the run was cancelled" });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(stages).toContain(stage);
    await new Promise((r) => setTimeout(r, 500)); // anything left to escape would have by now
    expect(unhandled).toEqual([]);
  }, 120_000);

  test("an aborted signal before the start rejects at once", async () => {
    const { executeRun } = await built();
    const controller = new AbortController();
    controller.abort();
    await expect(executeRun(loadNetwork("tutorial"), { kinds: ["simulate"], trials: 1000, signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(unhandled).toEqual([]);
  });
});
