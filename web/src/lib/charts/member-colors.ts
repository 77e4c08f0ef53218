import { PALETTE } from './theme.ts';

/**
 * Each member's colour by its place in the catalog's list (`listed`: meta.values of the
 * dimension), not by its rank among those shown: the biggest belt of a quarter is not that of
 * the year, and a belt changing colour with the window, or from the overview to the comparison,
 * reads as another belt. Members the catalog does not list come after it, in id order.
 * Past the palette's length two members shown together could share a colour: the later (by
 * catalog place) takes the first colour no member shown has, while one is left.
 */
export function memberColors(ids: Iterable<string>, listed: readonly string[]): Map<string, string> {
  const shown = [...new Set(ids)];
  const unlisted = shown.filter((id) => !listed.includes(id)).sort();
  const place = (id: string) => (listed.includes(id) ? listed.indexOf(id) : listed.length + unlisted.indexOf(id));
  const taken = new Set<string>();
  const colors = new Map<string, string>();
  for (const id of shown.sort((a, b) => place(a) - place(b))) {
    const own = PALETTE[place(id) % PALETTE.length];
    const color = !taken.has(own) ? own : PALETTE.find((c) => !taken.has(c)) ?? own;
    taken.add(color);
    colors.set(id, color);
  }
  return colors;
}
