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

/**
 * node:util parseArgs' own error (ERR_PARSE_ARGS_*) as a UsageError in both languages: its
 * English alone ("To specify a positional argument starting with a '-' …") reached the user.
 */
export function argsError(err: { code?: string; message: string }): UsageError {
  // The long name where node gives both ('-h, --help <value>'), without its comma.
  const opt = /'(?:-\w, )?(-{1,2}[^\s',]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option ${opt}: check its spelling against the command's help (beltscope <command> --help).`,
        `未知选项 ${opt}：请对照命令的帮助（beltscope <命令> --help）检查拼写。`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(err.message)) {
        return new UsageError(`Option ${opt} takes no value: write ${opt} alone.`, `选项 ${opt} 不带值：只写 ${opt} 即可。`);
      }
      return /ambiguous/.test(err.message)
        ? new UsageError(`Option ${opt} is followed by another option, not by its value: write ${opt} VALUE.`, `选项 ${opt} 后面紧跟的是另一个选项而不是它的值：请写成 ${opt} 值。`)
        : new UsageError(`Option ${opt} needs a value: write ${opt} VALUE.`, `选项 ${opt} 需要一个值：请写成 ${opt} 值。`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(err.message)?.[1] ?? '';
      return new UsageError(`Unexpected argument "${arg}": this command takes no files or names, only options.`, `多余的参数 "${arg}"：此命令不接受文件或名称，只接受选项。`);
    }
    default:
      return new UsageError(err.message);
  }
}
