// Worker-thread entry: solves one LP per message with the in-process adapter, so that a HiGHS
// abort or a runaway heap stays inside this thread.
import { parentPort } from "node:worker_threads";
import { type LpModel, type LpOptions, solveLp } from "./highs.js";

parentPort?.on("message", async (msg: { model: LpModel; options: LpOptions }) => {
  const solution = await solveLp(msg.model, msg.options);
  const transfer = [solution.colValue, solution.rowValue, solution.rowDual, solution.colDual].map((a) => a.buffer as ArrayBuffer);
  parentPort?.postMessage(solution, transfer);
});
