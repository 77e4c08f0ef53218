/**
 * Run by ingest-crash.test.ts as a separate process: loads one file into a database file and
 * says "progress" on stdout as soon as the file's transaction has begun reading, so the test
 * can kill it there (kill -9) and check that nothing of the half-done load is visible.
 */
import { Database } from '../../db/database.ts';
import { ingestFiles } from '../../pipelines/ingest/ingest.ts';

const [dbPath, file] = process.argv.slice(2);
const db = await Database.open(dbPath, { readers: 1 });
let said = false;
const r = await ingestFiles(db, [file], {
  hashKey: 'k', merchant: 'S-JDZ-001',
  onProgress: () => { if (!said) { said = true; process.stdout.write('progress\n'); } },
});
process.stdout.write(`${JSON.stringify(r.files.map((f) => f.status))}\n`);
await db.close();
