/**
 * Who reads a load's messages: someone at the command line (`beltscope ingest`, which may hand
 * its files to a running server) or a client of the upload form (`POST /api/ingest` from curl, a
 * script, the dashboard). A message that says which option to add names it as they write it.
 */
export type Audience = 'cli' | 'form';

/** Yes/no options: a flag alone on the command line, `true` in a form. */
const SWITCHES = new Set(['replace-demo', 'dry-run']);

/**
 * An option as the reader of a message writes it: `--merchant ID` on the command line,
 * `merchant=ID` in the upload form (`-F merchant=ID` with curl); a yes/no option as
 * `--replace-demo` or `replace_demo=true`. The command line's form is the default.
 */
export function flag(via: Audience | undefined, name: string, arg?: string): string {
  if (via !== 'form') return arg ? `--${name} ${arg}` : `--${name}`;
  const field = name.replace(/-/g, '_');
  return `${field}=${SWITCHES.has(name) ? 'true' : arg ?? '…'}`;
}
