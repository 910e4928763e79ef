// Worker-thread entry (piscina): request bodies with scenario texts, handled off the server's event loop.
// At normal priority, unlike runs: a check is a request someone waits for, short and bounded in time.
import { handleRequest, type RequestOutcome, type RequestTask } from "./validate.js";

export default function handle(task: RequestTask): RequestOutcome {
  return handleRequest(task);
}
