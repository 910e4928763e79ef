// Terminal conventions shared by every command: exit codes, --json, colour, progress on a TTY only.
import { InvalidArgumentError } from "commander";

/** Exit codes (DESIGN.md): 0 success, 1 bad scenario or user error, 2 usage error, 3 internal error. */
export const EXIT = { ok: 0, user: 1, usage: 2, internal: 3 } as const;

/** An error the user can fix: printed as is, exit 1. `listed` means the message is already one problem per line. */
export class UserError extends Error {
  readonly listed: boolean;
  constructor(message: string, opts: { listed?: boolean } = {}) {
    super(message);
    this.listed = opts.listed ?? false;
  }
}

/** A mistake in how the command was called (an option's value is malformed or not one of its choices): exit 2. */
export class UsageError extends Error {}

/** The reason behind a file-system error code, as a person would say it. */
export function fileErrorReason(code: string): string {
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "is a directory",
    ENOTDIR: "a part of the path is not a directory",
    EEXIST: "already exists",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error (it cannot be read as a file)",
    EMFILE: "too many open files",
    ENAMETOOLONG: "the name is too long",
    ELOOP: "too many levels of symbolic links",
    EINVAL: "not a file that can be read or written",
    EBUSY: "the file is busy",
  };
  return reasons[code] ?? code;
}

/** A whole-number option such as `--trials 10000`, within [min, max], or a UsageError naming the flag. */
export function integerOption(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not '${text}'`);
  return n;
}

/** A number option such as `--ttr TW=2.5` (finite, >= min), or a UsageError naming the flag. */
export function numberOption(text: string, flag: string, min = 0): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < min) throw new UsageError(`${flag}: '${text}' is not a number >= ${min}`);
  return n;
}

/** One of a fixed set of values, such as `--policy plan|greedy`, or a UsageError listing them. */
export function choiceOption<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  const list = choices.map((c) => `'${c}'`);
  throw new UsageError(`${flag} must be ${list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list.at(-1)}` : list[0]}, not '${text}'`);
}

/** A `--time-limit <seconds>` parser for commander: a positive number, or a usage error. */
export function secondsArg(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError("must be a positive number of seconds");
  return n;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const useColor = (stream: NodeJS.WriteStream = process.stdout) => stream.isTTY === true && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";

const paint = (code: number) => (s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);

/** A plain text table with aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const width = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(width[c]) : x.padStart(width[c]))).join("  ").trimEnd();
  return [bold(line(header)), ...cells.slice(1).map(line)].join("\n");
}
