// Worker-thread entry (piscina): validates scenario texts off the server's event loop.
import { lowerThreadPriority } from "../run/thread-priority.js";
import { type ValidateOutcome, type ValidateTask, validateText } from "./validate.js";

lowerThreadPriority();

export default function validate(task: ValidateTask): ValidateOutcome {
  return validateText(task);
}
