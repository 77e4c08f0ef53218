import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Database } from '../db/database.ts';
import { AppError } from '../lib/errors.ts';
import { basesOnRecord, writeBaseReturnTemplate, type BaseOnRecord } from '../pipelines/templates/baseReturn.ts';
import type { MetaResponse } from '../server/api/schemas/meta.ts';
import { DEFAULT_DB } from './serve.ts';
import { callServer, findServer } from './serverFile.ts';
import { UsageError } from './usage.ts';

export const TEMPLATE_HELP = `Usage: beltscope template base-return --out FILE.xlsx [--db PATH]

Writes the monthly return (月报) a bureau sends its live-stream bases to fill in: an XLSX with
Chinese and English headers (base id, month, live rooms, sessions, merchants served, GMV,
training events, jobs created), an instructions sheet, and the bases on record in the database
with their ids (the base id column offers them as a drop-down). A filled copy loads with
\`beltscope ingest FILE.xlsx\` into the base_returns table; rows with mistakes are quarantined.

When a server has the database open, the bases are read from it (GET /api/meta).

  --out FILE   Where to write the template (.xlsx); an existing file is replaced
  --db PATH    DuckDB file (default $BELTSCOPE_DB or data/beltscope.duckdb)`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const STD: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** The bases of a running server: ids and names (its meta lists them with labels). */
async function serverBases(url: string): Promise<BaseOnRecord[]> {
  const r = await callServer(url, 'GET', '/api/meta?lang=en');
  if (r.status !== 200) throw new AppError('server_error', `The server answered HTTP ${r.status} to /api/meta.`, `服务器对 /api/meta 返回 HTTP ${r.status}。`);
  const values = (r.body as MetaResponse).values.base ?? [];
  return values.map((v) => ({ base_id: v.id, name_zh: v.label.zh, name_en: v.label.en, belt_id: null, operator_model: null, rooms: null }));
}

/** `beltscope template base-return --out FILE`: returns the exit status. */
export async function runTemplate(args: string[], io: Io = STD): Promise<number> {
  const { values, positionals } = parseArgs({
    args, strict: true, allowPositionals: true,
    options: { out: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { io.out(TEMPLATE_HELP); return 0; }
  const [what, ...rest] = positionals;
  if (what !== 'base-return' || rest.length) throw new UsageError(`Name the template to write: beltscope template base-return --out FILE.xlsx (got "${positionals.join(' ')}").`,
    `请指定要生成的模板：beltscope template base-return --out 文件.xlsx（实际为 "${positionals.join(' ')}"）。`);
  if (!values.out) throw new UsageError('Say where to write the template: --out FILE.xlsx.', '请用 --out 文件.xlsx 指定模板的保存位置。');
  const out = resolve(values.out);
  if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError(`The template is an XLSX workbook: --out must end in .xlsx (got "${values.out}").`, `模板是 XLSX 工作簿：--out 必须以 .xlsx 结尾（实际为 "${values.out}"）。`);
  if (!existsSync(dirname(out))) throw new UsageError(`The folder ${dirname(out)} does not exist.`, `文件夹 ${dirname(out)} 不存在。`);
  const dbPath = resolve(values.db ?? process.env.BELTSCOPE_DB ?? DEFAULT_DB);

  let bases: BaseOnRecord[] = [];
  const server = await findServer(dbPath);
  if (server) {
    io.err(`A server (pid ${server.info.pid}) has ${dbPath} open: reading its bases at ${server.url} — 从运行中的服务器读取基地列表。`);
    bases = await serverBases(server.url);
  } else if (existsSync(dbPath)) {
    const db = await Database.open(dbPath, { readers: 1, newVersionOnOpen: false });
    try { bases = await basesOnRecord(db); } finally { await db.close(); }
  }
  if (!bases.length) {
    io.err(`No bases on record in ${dbPath}: the base list is empty. Load live_bases first (beltscope ingest live_bases.csv) for the drop-down. `
      + '数据库中没有基地：基地列表为空，请先导入 live_bases。');
  }
  await writeBaseReturnTemplate(out, bases);
  io.out(`Wrote ${out}: the monthly return template with ${bases.length} base(s) on its list. 已生成月报模板（含 ${bases.length} 个基地）。`);
  return 0;
}
