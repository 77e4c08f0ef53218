import { z } from 'zod';
import { valueItem } from './common.ts';

/** GET /api/values */
export const valuesResponse = z.strictObject({
  values: z.array(valueItem).meta({
    description: 'Matching values inside the caller\'s scope: an exact id match first, then by label in the language asked for. '
      + 'Without merchant names in scope, merchants carry an anonymous label (商家 #n / Merchant #n), never their name',
  }),
});
export type ValuesResponse = z.infer<typeof valuesResponse>;
