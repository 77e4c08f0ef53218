import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The data model as README.md documents it (section "Data model"): the one place tables and
 * columns are described in words. tests/schema-doc.test.ts holds it equal to the live database,
 * column by column, so whatever reads the descriptions from here (the lake export's data
 * package) describes exactly the tables it writes, and no description is written twice.
 */
export interface DocTable {
  /** The heading's words after the dash, or the section it is in ("Entities"). */
  description: string;
  columns: Map<string, { type: string; meaning: string }>;
}

const README = fileURLToPath(new URL('../README.md', import.meta.url));

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
/** Markdown inline code and links as plain text: descriptions are read outside a renderer. */
export const plain = (s: string) => s.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`([^`]+)`/g, '$1').trim();

/** The data model of a README text (its "## Data model" section up to "### Derived"). */
export function parseDataModel(readme: string): Map<string, DocTable> {
  const start = readme.indexOf('## Data model');
  const end = readme.indexOf('### Derived', start);
  if (start < 0 || end < 0) throw new Error('README.md has no "## Data model" section ending at "### Derived"');
  const out = new Map<string, DocTable>();
  const table = (t: string, description: string) => {
    if (!out.has(t)) out.set(t, { description, columns: new Map() });
    return out.get(t)!;
  };
  let section = '';
  let current: string[] = [];
  for (const line of readme.slice(start, end).split('\n')) {
    const s = line.match(/^### (.+)$/);
    if (s) { section = plain(s[1]); current = []; continue; }
    const h = line.match(/^#### (.+)$/);
    if (h) {
      const [names, words] = h[1].split(' — ');
      current = ticked(names);
      for (const t of current) table(t, words ? plain(words) : section);
      continue;
    }
    if (!line.startsWith('| `')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length === 4) {
      // The shared table of label tables: | tables | columns | type | meaning |
      for (const t of ticked(cells[0])) for (const c of ticked(cells[1])) table(t, section).columns.set(c, { type: cells[2], meaning: plain(cells[3]) });
    } else if (current.length === 1 && cells.length === 3) {
      table(current[0], section).columns.set(ticked(cells[0])[0], { type: cells[1], meaning: plain(cells[2]) });
    }
  }
  return out;
}

let cached: Map<string, DocTable> | null = null;

/** The repository README's data model, read once. */
export function dataModel(): Map<string, DocTable> {
  return (cached ??= parseDataModel(readFileSync(README, 'utf8')));
}
