import type { Audience } from './flags.ts';

/**
 * What the command line (or the upload form) says about a file that the file itself does not:
 * shared by the ingestion engine and the server's upload form, which may not import the engine.
 */
export interface LoadOptions {
  platform?: string;
  merchant?: string;
  belt?: string;
  category?: string;
  base?: string;
  venue?: string;
  /** YYYY-MM-DD: the day of an export without start times. */
  date?: string;
  /** Who reads the messages (their options named as flags or as form fields); default the command line. */
  via?: Audience;
}
