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

/** A whole-number option such as `--trials 10000`, within [min, max], or a UserError naming the flag. */
export function integerOption(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new UserError(`${flag} must be an integer from ${min} to ${max}, not '${text}'`);
  return n;
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

export function usd(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `$${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `$${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `$${(value / 1e3).toFixed(1)}k`;
  return `$${value.toFixed(0)}`;
}

export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A plain text table with aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const width = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(width[c]) : x.padStart(width[c]))).join("  ").trimEnd();
  return [bold(line(header)), ...cells.slice(1).map(line)].join("\n");
}
