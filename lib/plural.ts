/** "1 row", "3 rows": an English count with its noun agreeing (the CLI's and loader's messages). */
export const count = (n: number, one: string, other = `${one}s`): string => `${n} ${n === 1 ? one : other}`;
