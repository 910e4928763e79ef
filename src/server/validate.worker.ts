// Worker-thread entry (piscina): validates scenario texts off the server's event loop.
import { type ValidateOutcome, type ValidateTask, validateText } from "./validate.js";

export default function validate(task: ValidateTask): ValidateOutcome {
  return validateText(task);
}
