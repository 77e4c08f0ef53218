import { z } from 'zod';

/**
 * Shapes every response shares. These files are the API's contract: routes type their bodies
 * with them, the OpenAPI document is generated from them, the contract test parses every
 * route's body with them, and the web app imports their types (type-only: no zod in the
 * bundle). So they import nothing but zod and the catalog's vocabulary (catalog/types.ts).
 */

export const label = z.strictObject({ zh: z.string(), en: z.string() }).meta({ description: 'Chinese and English text' });
export type Label = z.infer<typeof label>;

/** A local (Asia/Shanghai) calendar day. */
export const localDate = z.iso.date().meta({ description: 'A local (Asia/Shanghai) calendar day, YYYY-MM-DD' });
/** An instant, as an ISO 8601 string in UTC. */
export const instant = z.iso.datetime().meta({ description: 'An instant, ISO 8601 in UTC (e.g. 2025-12-31T12:00:00.000Z)' });

export const dataVersion = z.number().int().nonnegative()
  .meta({ description: 'Incremented by every committed load; answers are cached by it' });

export const dataRange = z.strictObject({
  from: localDate.nullable(),
  to: localDate.nullable(),
}).meta({ description: 'First and last local day holding any fact; both null when the database holds no data' });
export type DataRange = z.infer<typeof dataRange>;

/** One value of a dimension (a belt, a merchant …) with its labels. */
export const valueItem = z.strictObject({ id: z.string(), label });
export type ValueItem = z.infer<typeof valueItem>;

/** Every 4xx/5xx body. */
export const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. invalid_param, not_found, query_timeout' }),
    message: z.string().meta({ description: 'What went wrong and what to do, in the language asked for (lang=zh|en)' }),
    messages: z.strictObject({ zh: z.string(), en: z.string() }).optional()
      .meta({ description: 'The message in both languages, for a client that shows both (the CLI relaying a running server\'s answer)' }),
    param: z.string().optional().meta({ description: 'The offending parameter' }),
    allowed: z.array(z.string()).optional().meta({ description: 'Allowed values, where there is a list' }),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const langs = ['zh', 'en'] as const;
export type Lang = (typeof langs)[number];
