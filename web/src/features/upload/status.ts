import type { IngestResponse } from '../../lib/api/types.ts';

type UploadFile = IngestResponse['files'][number];

/**
 * What a file's status cell says. A load that landed no row but quarantined some is 'loaded' to
 * the API (its quarantined rows are kept as a dataset, to look at or undo), yet "Loaded" in green
 * would read as success: it says "Nothing loaded" instead.
 */
export type StatusLabel = UploadFile['status'] | 'nothing_loaded';

export function statusLabel(f: Pick<UploadFile, 'status' | 'loaded' | 'updated' | 'quarantined'>): StatusLabel {
  return f.status === 'loaded' && f.loaded + f.updated === 0 && f.quarantined > 0 ? 'nothing_loaded' : f.status;
}
