/**
 * Writes the sample base return into data/samples/: `base-return-sample.xlsx`, the template of
 * `beltscope template base-return` filled in by two fictional bases (示例基地, ids S-BASE-*),
 * and `live_bases.csv`, those bases (load it first: a return must name a known base).
 * Fictional figures, for the README's walk-through and the tests.
 * Run: npx tsx pipelines/samples/make-base-returns.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeBaseReturnTemplate, type BaseOnRecord } from '../templates/baseReturn.ts';

const dir = fileURLToPath(new URL('../../data/samples/', import.meta.url));

const bases: BaseOnRecord[] = [
  { base_id: 'S-BASE-JDZ', name_zh: '示例陶瓷直播基地', name_en: 'Sample Ceramics Live Base (fictional)', belt_id: 'jingdezhen-ceramics', operator_model: 'state_owned', rooms: 12 },
  { base_id: 'S-BASE-YX', name_zh: '示例紫砂直播产业园', name_en: 'Sample Zisha Live Park (fictional)', belt_id: 'yixing-zisha', operator_model: 'three_party', rooms: 20 },
];
writeFileSync(`${dir}live_bases.csv`, [
  'base_id,belt_id,name_zh,name_en,operator_model,rooms,area_m2,opened_on,investment_cny,operating_hours_per_day',
  'S-BASE-JDZ,jingdezhen-ceramics,示例陶瓷直播基地,Sample Ceramics Live Base (fictional),state_owned,12,3000,2024-05-18,5000000,14',
  'S-BASE-YX,yixing-zisha,示例紫砂直播产业园,Sample Zisha Live Park (fictional),three_party,20,6000,2025-03-18,20000000,12',
].join('\r\n') + '\r\n');

// As bases write them: months as 2026-01 or 2026年2月, GMV with 万 or thousands separators, a
// figure not known left blank. The park's March room count drops: it applies from March on.
await writeBaseReturnTemplate(`${dir}base-return-sample.xlsx`, bases, [
  ['S-BASE-JDZ', '2026-01', 12, 410, 38, '86.5万', 2, 45],
  ['S-BASE-JDZ', '2026年2月', 12, 296, 31, '61.2万', 1, 40],
  ['S-BASE-JDZ', '2026-03', 14, 455, 41, '1,012,300.00', 3, null],
  ['S-BASE-YX', '2026-01', 20, 22, 4, '9.8万', 0, 6],
  ['S-BASE-YX', '2026年2月', 20, 12, 3, '5.1万', 0, 6],
  ['S-BASE-YX', '2026-03', 16, 15, 3, '6万', 1, 5],
]);
console.log(`Sample base return written to ${dir}`);
