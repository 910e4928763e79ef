// Which process owns something (a running row, a run's half-written folder): its pid and its start
// time, so that a reused pid is not taken for the owner still alive.
import { readFileSync } from "node:fs";

/** Process start time (Linux: clock ticks since boot), to tell a live owner from a reused pid. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

export function processAlive(pid: number, start: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as { code?: string }).code !== "EPERM") return false;
  }
  const now = processStart(pid);
  return start === null || now === null || now === start;
}
