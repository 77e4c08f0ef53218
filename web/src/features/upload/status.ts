import type { IngestResponse } from '../../lib/api/types.ts';

type UploadFile = IngestResponse['files'][number];

/**
 * What a file's status cell says. A load that landed no row, none already there, is 'loaded' to
 * the API (its quarantined rows are kept as a dataset, to look at or undo; a file of a header
 * alone is recorded too), yet "Loaded" in green would read as success: it says "Nothing loaded".
 */
export type StatusLabel = UploadFile['status'] | 'nothing_loaded';

export function statusLabel(f: Pick<UploadFile, 'status' | 'loaded' | 'updated' | 'duplicates'>): StatusLabel {
  return f.status === 'loaded' && f.loaded + f.updated + f.duplicates === 0 ? 'nothing_loaded' : f.status;
}

/**
 * Which chosen files stay chosen after an answer: those with an entry the user acts on and sends
 * again (refused: tick "replace demo"; failed: add the merchant or the platform; a dry run: now
 * for real). A file that loaded, or was loaded before, is done.
 */
export function filesToKeep<F extends { name: string }>(chosen: readonly F[], answer: readonly Pick<UploadFile, 'file' | 'status'>[]): F[] {
  const again = new Set(answer.filter((f) => f.status === 'refused' || f.status === 'failed' || f.status === 'dry_run').map((f) => f.file));
  return chosen.filter((f) => again.has(f.name));
}
