// The key lives in db/ (the lake export pseudonymises with it too); loaders import it from here.
export { dataKey } from '../../db/key.ts';
