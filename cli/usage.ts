/** A mistake on the command line: `beltscope` prints it with a hint and exits with status 2. */
export class UsageError extends Error {
  /** The same in Chinese: printed under the English, as every other message of the CLI. */
  readonly messageZh: string | undefined;
  constructor(message: string, messageZh?: string) {
    super(message);
    this.messageZh = messageZh;
  }
}

/** A whole-number flag (≥ min), or the default when absent. */
export const int = (name: string, v: string | undefined, def: number, min = 0) => {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be a whole number ≥ ${min} (got "${v}").`, `--${name} 必须是不小于 ${min} 的整数（实际为 "${v}"）。`);
  return Number(v);
};
