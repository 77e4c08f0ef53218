import type { IngestResponse } from '../../lib/api/types.ts';

type UploadFile = IngestResponse['files'][number];

/**
 * What a file's status cell says. A load that landed no row, none already there, is 'loaded' to
 * the API (its quarantined rows are kept as a dataset, to look at or undo; a file of a header
 * alone is recorded too), yet "Loaded" in green would read as success: it says "Nothing loaded"
 * (and a dry run that would land nothing, "Dry run: nothing would load").
 */
export type StatusLabel = UploadFile['status'] | 'nothing_loaded' | 'nothing_new' | 'dry_run_nothing';

export function statusLabel(f: Pick<UploadFile, 'status' | 'loaded' | 'updated' | 'duplicates'>): StatusLabel {
  // Every row already there (a file exported again): not "Loaded" in green, as the history says too.
  if (f.status === 'loaded' && f.loaded + f.updated === 0 && f.duplicates > 0) return 'nothing_new';
  const landed = f.loaded + f.updated + f.duplicates > 0;
  if (landed) return f.status;
  // A dry run too: "Dry run" in green over a file none of whose rows would load reads as "go ahead".
  return f.status === 'loaded' ? 'nothing_loaded' : f.status === 'dry_run' ? 'dry_run_nothing' : f.status;
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
