import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Database } from '../db/database.ts';
import { isAppError } from '../lib/errors.ts';
import { DEFAULT_MAX_UPLOAD_MB } from '../server/api/ingest/form.ts';
import { DATASETS_HELP, runDatasets } from './datasets.ts';
import { EXPORT_HELP, runExport } from './export.ts';
import { INGEST_HELP, runIngest } from './ingest.ts';
import { TEMPLATE_HELP, runTemplate } from './template.ts';
import { DEFAULT_DB, DEFAULT_DEMO_ORDERS, DEFAULT_PORT, DEFAULT_STATIC, DEFAULT_THREADS, seedDemo, startServer } from './serve.ts';
import { UsageError, argsError, int } from './usage.ts';

const HELP: Record<string, string> = {
  main: `beltscope — live-stream commerce analytics for China's industry belts (产业带)

Usage: beltscope <command> [options]

Commands:
  serve      Serve the dashboard and API (creates a demo database when none exists)
  demo       Generate the demo dataset into a database
  ingest     Load platform exports (CSV, XLSX files or folders) into a database
  datasets   List the loaded datasets and their coverage, or remove one
  export     Write the data as an open-data lake (Hive-partitioned Parquet, datapackage.json)
  template   Write a fill-in template: 'template base-return --out FILE.xlsx' (bases' monthly returns)
  help       Show this help; 'beltscope <command> --help' for a command's options

Environment: PORT, BELTSCOPE_DB (override the defaults of --port and --db).`,
  serve: `Usage: beltscope serve [--port N] [--host H] [--db PATH] [--demo-orders N] [--threads N] [--max-upload-mb N]

Serves the dashboard at / and the API at /api on http://127.0.0.1:${DEFAULT_PORT}.
When the database file does not exist, a demo dataset is generated first.
The database file is locked while the server runs: \`beltscope ingest\` and \`datasets\` on the
same file hand their work to the server (it writes <db>.server.json while it runs).

  --port N          Port (default $PORT or ${DEFAULT_PORT}; 0 picks a free one)
  --host H          Interface to bind (default 127.0.0.1; 0.0.0.0 for the network)
  --db PATH         DuckDB file (default $BELTSCOPE_DB or data/beltscope.duckdb)
  --demo-orders N   Order lines in a newly generated demo dataset (default ${DEFAULT_DEMO_ORDERS})
  --threads N       DuckDB threads per query (default ${DEFAULT_THREADS}: many small queries at once
                    beat one split across cores; 0 = one per core). Loads use every core.
  --max-upload-mb N Largest upload POST /api/ingest accepts (default ${DEFAULT_MAX_UPLOAD_MB})`,
  demo: `Usage: beltscope demo [--orders N] [--seed S] [--db PATH]

Generates the deterministic demo dataset (two years ending 2026-10-31, six belts, four
platforms) and replaces any previous demo rows. The same seed always gives the same data.
Refused when the database holds real data.

  --orders N   Order lines to generate (default ${DEFAULT_DEMO_ORDERS}); split orders make
               the paid-order count a little lower
  --seed S     Random seed, an integer (default 1)
  --db PATH    DuckDB file (default $BELTSCOPE_DB or data/beltscope.duckdb)`,
  ingest: INGEST_HELP,
  datasets: DATASETS_HELP,
  export: EXPORT_HELP,
  template: TEMPLATE_HELP,
};

async function main(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') return console.log(HELP.main);
  if (!HELP[command]) throw new UsageError(`Unknown command "${command}". Commands: serve, demo, ingest, datasets, export, template, help.`,
    `未知命令 "${command}"。可用命令：serve、demo、ingest、datasets、export、template、help。`);
  if (command === 'ingest') { process.exitCode = await runIngest(rest); return; }
  if (command === 'datasets') { process.exitCode = await runDatasets(rest); return; }
  if (command === 'export') { process.exitCode = await runExport(rest); return; }
  if (command === 'template') { process.exitCode = await runTemplate(rest); return; }
  const { values } = parseArgs({
    args: rest, strict: true,
    options: {
      help: { type: 'boolean', short: 'h' }, port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' },
      'demo-orders': { type: 'string' }, orders: { type: 'string' }, seed: { type: 'string' }, threads: { type: 'string' },
      'max-upload-mb': { type: 'string' },
    },
  });
  if (values.help) return console.log(HELP[command]);
  const dbPath = resolve(values.db ?? process.env.BELTSCOPE_DB ?? DEFAULT_DB);

  if (command === 'serve') {
    const port = int('port', values.port ?? process.env.PORT, DEFAULT_PORT);
    if (!existsSync(DEFAULT_STATIC)) console.warn('The web app is not built (dist/web): run `npm run build`, or use `npm start`. Serving the API only.');
    const s = await startServer({
      dbPath, port, host: values.host,
      demoOrders: int('demo-orders', values['demo-orders'], DEFAULT_DEMO_ORDERS, 1),
      threads: int('threads', values.threads, DEFAULT_THREADS),
      maxUploadMb: int('max-upload-mb', values['max-upload-mb'], DEFAULT_MAX_UPLOAD_MB, 1),
    });
    // startServer stops cleanly on SIGINT/SIGTERM (and removes its <db>.server.json).
    console.log(`Beltscope is ready: ${s.url}  (database ${dbPath}, data version ${s.db.dataVersion})`);
    return;
  }
  if (command === 'demo') {
    const orders = int('orders', values.orders, DEFAULT_DEMO_ORDERS, 1);
    const seed = int('seed', values.seed, 1);
    const db = await Database.open(dbPath);
    try {
      // generateDemo itself refuses a database holding real data (AppError real_data_present).
      await seedDemo(db, orders, seed, (l) => console.log(l));
    } finally {
      await db.close();
    }
  }
}

const argv = process.argv.slice(2);
main(argv).catch((err) => {
  if ((err as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) err = argsError(err as { code: string; message: string });
  if (err instanceof UsageError) {
    const zh = err.messageZh ? `\n${err.messageZh}` : '';
    console.error(`beltscope: ${err.message}${zh}\nRun 'beltscope help' for usage. 用法见 beltscope help。`);
    // --json promises one document on stdout, a refused command line included.
    if (argv.some((a) => a === '--json' || a.startsWith('--json='))) console.log(JSON.stringify({ error: { code: 'usage', message: err.message, messageZh: err.messageZh ?? null } }, null, 2));
    process.exit(2);
  }
  if (isAppError(err)) {
    console.error(`beltscope: ${err.message}\n${err.messageZh}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
