import { readFileSync } from 'node:fs';

/**
 * Spring Festival (春节, lunar new year's day) dates, from data/reference/spring_festival.csv
 * (sources in data/reference/README.md). The festival moves between late January and
 * mid-February, and trade around it moves with it, so a plain year-on-year comparison of those
 * weeks compares a festival with an ordinary month; `compare=previous_year_lunar` shifts the
 * comparison window by the days between two festivals instead.
 */

const FILE = new URL('../data/reference/spring_festival.csv', import.meta.url);

/** Parses the file's text; any line out of shape is an error naming it (the file is a fact the product relies on). */
export function parseSpringFestivals(text: string): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines[0]?.trim() !== 'year,date') throw new Error('data/reference/spring_festival.csv: the header must be "year,date"');
  for (const [i, line] of lines.slice(1).entries()) {
    const m = /^(\d{4}),(\d{4})-(0[12])-(\d{2})$/.exec(line.trim());
    // The festival always falls between 21 January and 20 February.
    const ok = m && m[1] === m[2] && (m[3] === '01' ? Number(m[4]) >= 21 && Number(m[4]) <= 31 : Number(m[4]) >= 1 && Number(m[4]) <= 20);
    if (!ok) throw new Error(`data/reference/spring_festival.csv line ${i + 2}: "${line}" is not "YYYY,YYYY-MM-DD" with a date from 21 January to 20 February of that year`);
    out.set(Number(m![1]), `${m![2]}-${m![3]}-${m![4]}`);
  }
  return out;
}

export const SPRING_FESTIVALS: ReadonlyMap<number, string> = parseSpringFestivals(readFileSync(FILE, 'utf8'));
export const SPRING_FESTIVAL_YEARS = { from: Math.min(...SPRING_FESTIVALS.keys()), to: Math.max(...SPRING_FESTIVALS.keys()) };
