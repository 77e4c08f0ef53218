import type { Measure } from '../types.ts';

/**
 * Measures of the monthly returns bases file with their bureau (base_returns): what a base
 * says, to set beside what its sessions show (`live_gmv`, `sessions` over base sessions). A
 * return counts on its month's first day. A figure left blank in any return of the slice makes
 * the measure null, with a note (facts.ts `nullable`), never a sum of the returns that gave it.
 */
const r = (id: string, zh: string, en: string, dzh: string, den: string, col: string, unit: Measure['unit'], format: Measure['format']): Measure => ({
  id, label: { zh, en }, description: { zh: dzh, en: den }, formula: `Σ ${col} (base_returns)`, unit, format, fact: 'base_returns', raw: `sum(f.${col})`,
});

export const RETURN_MEASURES: Measure[] = [
  r('reported_gmv', '基地填报成交额', 'Reported GMV', '基地月报填报的成交金额之和（未经核实）', 'GMV bases report in their monthly returns (unverified)', 'gmv_cny', 'CNY', 'currency'),
  r('reported_sessions', '基地填报场次', 'Reported sessions', '基地月报填报的直播场次之和', 'Live sessions bases report in their monthly returns', 'sessions', 'count', 'integer'),
  r('training_events', '培训场次', 'Training events', '基地月报填报的培训活动次数之和', 'Training events bases report holding', 'training_events', 'count', 'integer'),
  r('jobs_created', '带动就业', 'Jobs created', '基地月报填报的新增就业岗位之和', 'Jobs bases report creating', 'jobs_created', 'count', 'integer'),
];
