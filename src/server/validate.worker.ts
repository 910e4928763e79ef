// Worker-thread entry (piscina): request bodies with scenario texts, stored texts to load and workbooks
// to write, handled off the server's event loop.
// At normal priority, unlike runs: a check is a request someone waits for, short and bounded in time.
import { handleTask, type LoadTask, type RequestOutcome, type RequestTask, type XlsxTask } from "./validate.js";

export default function handle(task: RequestTask | LoadTask | XlsxTask): Promise<RequestOutcome> {
  return handleTask(task);
}
