import type { Lang } from '../api/types.ts';

/**
 * UI text. Measure, dimension and value labels are not here: they come from /api/meta
 * (the metrics catalog). Keys are shared by both languages; `satisfies` keeps them in step.
 */
const zh = {
  'app.name': 'Beltscope',
  'app.tagline': '产业带直播电商看板',
  'lang.group': '界面语言',
  'lang.zh': '中文',
  'lang.en': 'EN',
  'lang.zhTitle': '切换为中文',
  'lang.enTitle': 'Switch to English',
  'demo.badge': '示例数据',
  'demo.tooltip': '本页数字均由程序生成，仅用于演示：规模随生成的订单行数等比缩小，远小于真实产业带，也不代表任何真实店铺或产业带的经营数据。',
  'nav.label': '页面导航',
  'nav.overview': '概览',
  'nav.upload': '导入数据',
  'notFound.title': '找不到这个页面',
  'notFound.body': '地址 {path} 没有对应的页面。',
  'notFound.home': '返回概览',
  'overview.title': '概览',
  'overview.range': '数据区间：{from} 至 {to}',
  'kpi.region': '核心指标',
  'kpi.exact': '精确值 {value}',
  'chart.gmvByBelt.title': '各产业带月度成交金额',
  'chart.gmvByBelt.subtitle': '按支付时间（北京时间）按月汇总，退款不扣减',
  'chart.gmvByBelt.aria': '折线图：各产业带月度成交金额，{from} 至 {to}，共 {n} 个产业带：{belts}。',
  'chart.period.month': '月份',
  'state.loading': '加载中…',
  'state.empty': '所选范围内没有数据。',
  'state.emptyChart': '所选范围内没有可绘制的月度数据。',
  'state.retry': '重试',
  'error.title': '数据加载失败',
  'error.network': '无法连接到 Beltscope 服务器。请确认服务器正在运行，然后重试。',
  'error.bad_response': '服务器返回了无法识别的数据。',
  'error.unexpected': '出现意外错误。',
  'error.http': '服务器返回错误（HTTP {status})。',
  'footer.version': '数据版本 {v}',
  'footer.note': 'Beltscope：开源的产业带直播电商分析看板',
} as const;

type Key = keyof typeof zh;

const en = {
  'app.name': 'Beltscope',
  'app.tagline': 'Live-commerce dashboard for industry belts',
  'lang.group': 'Interface language',
  'lang.zh': '中文',
  'lang.en': 'EN',
  'lang.zhTitle': '切换为中文',
  'lang.enTitle': 'Switch to English',
  'demo.badge': 'Demo data',
  'demo.tooltip': 'Every number on this page is generated for demonstration and scaled down with the number of generated order lines, far below a real belt. It is not the real business data of any shop or belt.',
  'nav.label': 'Pages',
  'nav.overview': 'Overview',
  'nav.upload': 'Upload data',
  'notFound.title': 'Page not found',
  'notFound.body': 'No page lives at {path}.',
  'notFound.home': 'Back to the overview',
  'overview.title': 'Overview',
  'overview.range': 'Data from {from} to {to}',
  'kpi.region': 'Key metrics',
  'kpi.exact': 'Exact value {value}',
  'chart.gmvByBelt.title': 'Monthly GMV by belt',
  'chart.gmvByBelt.subtitle': 'By payment month (Beijing time); refunds not subtracted',
  'chart.gmvByBelt.aria': 'Line chart: monthly GMV by belt, {from} to {to}, {n} belts: {belts}.',
  'chart.period.month': 'Month',
  'state.loading': 'Loading…',
  'state.empty': 'No data in the selected range.',
  'state.emptyChart': 'No monthly data to chart in the selected range.',
  'state.retry': 'Retry',
  'error.title': 'Could not load data',
  'error.network': 'Cannot reach the Beltscope server. Check that it is running, then retry.',
  'error.bad_response': 'The server sent a response the dashboard cannot read.',
  'error.unexpected': 'Something unexpected went wrong.',
  'error.http': 'The server returned an error (HTTP {status}).',
  'footer.version': 'Data version {v}',
  'footer.note': 'Beltscope, open-source analytics for live-commerce industry belts',
} as const satisfies Record<Key, string>;

export type MessageKey = Key;

/** Both languages (exported for the check that Chinese text keeps full-width punctuation). */
export const messages: Record<Lang, Record<Key, string>> = { zh, en };

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[lang][key] ?? messages.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function parseLang(raw: string | null | undefined): Lang {
  return raw === 'en' ? 'en' : 'zh';
}

export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
