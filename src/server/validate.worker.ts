// Worker-thread entry (piscina): request bodies with scenario texts, handled off the server's event loop.
import { lowerThreadPriority } from "../run/thread-priority.js";
import { handleRequest, type RequestOutcome, type RequestTask } from "./validate.js";

lowerThreadPriority();

export default function handle(task: RequestTask): RequestOutcome {
  return handleRequest(task);
}
