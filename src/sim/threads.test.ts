// The number of simulation threads chosen when none is asked for: a second thread only for work that
// pays for its start, and never more threads than cores left free by other processes.
import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { chooseThreads, idleCores, MIN_UPDATES_PER_THREAD } from "./parallel.node.js";

describe("chooseThreads", () => {
  const defaultRun = 10_000 * 48 * 42; // the default scenario, 10,000 trials: 20 M updates

  it("keeps a short run on one thread", () => {
    expect(chooseThreads(defaultRun, 2, 0)).toBe(1);
    expect(chooseThreads(0, 16, 0)).toBe(1);
  });

  it("spreads long runs over the free cores", () => {
    expect(chooseThreads(defaultRun * 10, 2, 0.2)).toBe(2);
    expect(chooseThreads(MIN_UPDATES_PER_THREAD * 3, 8, 0)).toBe(3);
  });

  it("leaves cores that other processes use", () => {
    expect(chooseThreads(defaultRun * 10, 2, 1.2)).toBe(1);
    expect(chooseThreads(defaultRun * 10, 2, 8)).toBe(1);
    expect(chooseThreads(MIN_UPDATES_PER_THREAD * 100, 8, 3.4)).toBe(5);
  });
});

describe("idleCores", () => {
  it("is a number of cores between none and all of them", () => {
    const idle = idleCores();
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(availableParallelism());
  });
});
