// Worker-thread entry (piscina): request bodies with scenario texts, stored texts to load and workbooks
// to write, handled off the server's event loop.
// At normal priority, unlike runs: a check is a request someone waits for, short and bounded in time.
import { handleTask, type RequestOutcome, type Task } from "./validate.js";

export default function handle(task: Task): Promise<RequestOutcome> {
  return handleTask(task);
}
