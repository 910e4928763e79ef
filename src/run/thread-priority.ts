// Background threads (a server's runs) yield the CPU to the event loop: on Linux a
// thread has its own nice value, and threads it starts inherit it, so a run's simulation pool and
// solver threads are niced with it. The event loop keeps answering at full priority however busy the
// cores are. Elsewhere, or where the system refuses, this does nothing.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** Lowers the calling thread's priority (nice 10); call it first thing in a worker thread. */
export function lowerThreadPriority(nice = 10): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // not Linux, or not allowed: the thread keeps its priority
  }
}
