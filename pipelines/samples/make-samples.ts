/**
 * Writes the sample exports into data/samples/: small, clearly fictional files (示例 shops and
 * accounts) laid out exactly as the platforms write them — headers, encodings and quirks — for
 * the README's walk-through and the tests. Run: npx tsx pipelines/samples/make-samples.ts
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Written into data/samples/, which holds the samples alone (a folder a user may load whole).
const dir = fileURLToPath(new URL('../../data/samples/', import.meta.url));
const csv = (rows: (string | number)[][]) => rows.map((r) => r.map((c) => {
  const s = String(c);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}).join(',')).join('\r\n') + '\r\n';

// ── Douyin shop orders: UTF-8 with BOM, ids as "\t…", '-' for empty, thousands separators ──
const DY_HEAD = ['主订单编号', '子订单编号', '选购商品', '商品规格', '商品数量', '商品ID', '商家编码', '商品单价', '订单应付金额', '运费',
  '优惠总金额', '支付方式', '省', '市', '区', '订单提交时间', '支付完成时间', '订单完成时间', '发货时间', '流量来源', '流量渠道',
  '订单状态', '订单类型', '达人ID', '达人昵称', '售后状态', '仓库ID', '仓库名称'];
/** Shipped the next morning at 10:00. */
const shipped = (paid: string) => {
  const d = new Date(`${paid.slice(0, 10).replace(/\//g, '-')}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10).replace(/-/g, '/')} 10:00:00`;
};
const dy = (parent: string, line: string, goods: string, qty: number, price: string, amount: string, prov: string, city: string,
  submitted: string, paid: string, source: string, status: string, after: string) =>
  [`\t${parent}`, `\t${line}`, goods, '默认', qty, '\t3600000000000001', '-', price, amount, '0.00', '0.00', paid === '-' ? '-' : '抖音支付',
    prov, city, '-', submitted, paid, '-', paid === '-' ? '-' : shipped(paid), source, source === '直播' ? '示例青花直播间' : '-',
    status, '普通订单', '-', '-', after, '-', '-'];
const douyinOrders = [
  DY_HEAD,
  dy('6917000000000000001', '6917000000000000011', '示例青花瓷碗', 1, '128.00', '128.00', '广东省', '深圳市', '2026/03/21 19:20:01', '2026/03/21 19:20:15', '直播', '已完成', '-'),
  // one parent order split into two lines; the second refunded in full
  dy('6917000000000000002', '6917000000000000021', '示例粉彩茶杯', 2, '58.00', '116.00', '浙江省', '杭州市', '2026/03/21 20:05:40', '2026/03/21 20:05:52', '直播', '已完成', '-'),
  dy('6917000000000000002', '6917000000000000022', '示例手绘茶壶', 1, '1,280.00', '1,280.00', '浙江省', '杭州市', '2026/03/21 20:05:40', '2026/03/21 20:05:52', '直播', '已发货', '退款成功'),
  // bought through a short video; an after-sale still open: its refund is unknown
  dy('6917000000000000003', '6917000000000000031', '示例影青盘', 1, '99.90', '99.90', '北京市', '北京市', '2026/03/22 10:00:00', '2026/03/22 10:00:09', '短视频', '已完成', '售后处理中'),
  // unpaid: skipped with that reason
  dy('6917000000000000004', '6917000000000000041', '示例青花瓷碗', 1, '128.00', '128.00', '江苏省', '南京市', '2026/03/22 11:00:00', '-', '商品卡', '待支付', '-'),
  // shelf order that crossed midnight (Beijing) into 23 March
  dy('6917000000000000005', '6917000000000000051', '示例颜色釉瓶', 1, '2,360.00', '2,360.00', '上海市', '上海市', '2026/03/22 23:59:50', '2026/03/23 00:00:05', '商品卡', '已完成', '-'),
];
writeFileSync(`${dir}douyin-orders.csv`, `\uFEFF${csv(douyinOrders)}`);

// ── Taobao/Tmall sold orders: GBK, ids prefixed =, amounts in 元, dates 2016/5/23 22:02, padded headers ──
const tb = [
  ['订单编号', '买家会员名', '买家支付宝账号', '买家应付货款', '买家应付邮费', '总金额', '买家实际支付金额', '订单状态', '收货地址 ', '联系手机',
    '订单创建时间', '订单付款时间 ', '宝贝标题 ', '宝贝总数量', '店铺名称', '退款金额'],
  ['="2026032100001"', '示例买家甲', 'a***@example.com', '368.00', '0.00', '368.00', '368.00元', '交易成功', '浙江省 杭州市 西湖区 示例路1号', "'13800000000",
    '2026/3/21 21:02', '2026/3/21 21:03', '示例紫砂壶 朱泥西施', '1', '示例紫砂坊', '0.00'],
  ['="2026032100002"', '示例买家乙', 'b***@example.com', '1280.00', '0.00', '1280.00', '1,280.00元', '交易成功', '江苏省 苏州市 姑苏区 示例街2号', "'13900000000",
    '2026/3/22 9:15', '2026/3/22 9:16', '示例紫砂壶 段泥石瓢', '1', '示例紫砂坊', '200.00'],
  ['="2026032100003"', '示例买家甲', 'a***@example.com', '88.00', '10.00', '98.00', '98.00元', '交易关闭', '浙江省 杭州市 西湖区 示例路1号', "'13800000000",
    '2026/3/22 12:00', '2026/3/22 12:01', '示例紫砂杯', '2', '示例紫砂坊', '98.00'],
  ['="2026032100004"', '示例买家丙', 'c***@example.com', '450.00', '0.00', '450.00', '0.00元', '等待买家付款', '广东省 广州市 天河区 示例道3号', "'13700000000",
    '2026/3/23 8:00', '', '示例紫砂壶', '1', '示例紫砂坊', '0.00'],
];
writeFileSync(`${dir}taobao-sold-orders.csv`, iconv.encode(csv(tb), 'gb18030'));

// ── Kuaishou and WeChat Channels shop orders (documented column conventions) ──
writeFileSync(`${dir}kuaishou-orders.csv`, `\uFEFF${csv([
  ['订单号', '商品ID', '商品名称', '商品数量', '实付款', '平台补贴', '退款金额', '订单状态', '支付时间', '收货省份', '收货城市', '流量来源'],
  ['2603210000000001', '8800001', '示例海宁羊皮夹克', 1, '1,599.00', '50.00', '0.00', '已完成', '2026-03-21 20:30:12', '山东省', '济南市', '直播'],
  ['2603210000000002', '8800002', '示例真皮手提包', 1, '899.00', '0.00', '899.00', '已退款', '2026-03-21 21:10:45', '河南省', '郑州市', '短视频'],
  ['2603210000000003', '8800001', '示例海宁羊皮夹克', 1, '1,599.00', '0.00', '0.00', '已取消', '-', '河北省', '石家庄市', '直播'],
])}`);
writeFileSync(`${dir}wechat-channels-orders.csv`, `\uFEFF${csv([
  ['订单号', '商品ID', '商品数量', '实付金额(分)', '退款金额(分)', '订单状态', '支付时间', '收货省份', '收货城市'],
  ['3705000000000000001', 'wx-p-01', 1, '39900', '0', '已完成', '2026-03-21 19:45:00', '浙江省', '宁波市'],
  ['3705000000000000002', 'wx-p-02', 3, '17700', '5900', '已完成', '2026-03-22 09:05:30', '福建省', '厦门市'],
])}`);

// ── Douyin live-session detail (直播明细): sheet 直播间明细, 54 columns, rates as fractions ──
const LIVE_HEAD = ['主播头像', '主播昵称', '主播抖音号', '直播开始时间', '直播结束时间', '直播时长(分钟)', '直播间曝光人数', '直播间曝光次数',
  '直播间观看人数', '单小时观看人数', '直播间观看次数', '最高在线人数', '平均在线人数', '人均观看时长(分钟)', '评论次数', '新加直播团人数',
  '新增粉丝数', '取关粉丝数', '观看老粉占比', '带货商品数', '直播间商品曝光人数', '直播间商品点击人数', '直播间商品曝光次数',
  '直播间商品点击次数', '直播间成交订单数', '直播间成交金额', '直播间用户支付金额', '单小时用户支付金额', '直播间成交件数', '直播间成交人数',
  '直播间退款订单数', '直播间退款金额', '直播间退款人数', '预估佣金支出', '商品曝光-点击率(次数)', '商品曝光-点击率(人数)',
  '商品点击-成交率(次数)', '商品点击-成交率(人数)', '观看-成交率(次数)', '观看-成交率(人数)', '预售订单数', '预售全款金额',
  '新加购物团人数', '投放消耗(店铺绑定)', '投放消耗(店铺被投)', '净成交金额', '净成交订单数', '1小时退款金额', '1小时退款订单数',
  '1小时退款率', '消费券引导支付金额', '消费券引导支付占比', '消费券补贴金额', '消费券使用量'];
const liveRow = (o: Record<string, string | number>) => LIVE_HEAD.map((h) => o[h] ?? '-');
const liveRows = [
  liveRow({ 主播头像: 'https://example.invalid/a.png', 主播昵称: '示例青花直播间', 主播抖音号: 'demo_qinghua', 直播开始时间: '2026/03/21 19:15:15',
    直播结束时间: '2026/03/21 22:45:00', '直播时长(分钟)': 210, 直播间曝光人数: 52310, 直播间观看人数: 8120, 直播间观看次数: 12650,
    最高在线人数: 412, 平均在线人数: 163.5, '人均观看时长(分钟)': 2.5, 新增粉丝数: 96, 直播间商品曝光人数: 4010, 直播间商品点击人数: 688,
    直播间成交订单数: 2, 直播间成交金额: 1524, 直播间用户支付金额: 1490, 直播间成交人数: 2, '投放消耗(店铺绑定)': 200,
    '观看-成交率(人数)': 0.0002, 净成交金额: 244 }),
  // crosses midnight; sells nothing (GMV 0 is a real value)
  liveRow({ 主播头像: 'https://example.invalid/a.png', 主播昵称: '示例青花直播间', 主播抖音号: 'demo_qinghua', 直播开始时间: '2026/03/22 23:10:00',
    直播结束时间: '2026/03/23 00:40:30', '直播时长(分钟)': 90, 直播间曝光人数: 9050, 直播间观看人数: 1204, 直播间观看次数: 1630,
    最高在线人数: 58, 平均在线人数: 21.2, '人均观看时长(分钟)': 1.2, 新增粉丝数: 7, 直播间商品曝光人数: 500, 直播间商品点击人数: 41,
    直播间成交订单数: 0, 直播间成交金额: 0, 直播间成交人数: 0, '投放消耗(店铺绑定)': '-', '观看-成交率(人数)': 0 }),
  liveRow({ 主播头像: 'https://example.invalid/b.png', 主播昵称: '示例窑口', 主播抖音号: 'demo_yaokou', 直播开始时间: '2026/03/22 14:00:00',
    直播结束时间: '2026/03/22 16:00:00', '直播时长(分钟)': 120, 直播间曝光人数: 20100, 直播间观看人数: 3300, 直播间观看次数: 4100,
    最高在线人数: 150, 平均在线人数: 60, '人均观看时长(分钟)': 1.8, 新增粉丝数: 25, 直播间商品曝光人数: 1500, 直播间商品点击人数: 210,
    直播间成交订单数: 1, 直播间成交金额: 99.9, 直播间成交人数: 1, '投放消耗(店铺绑定)': 0, '观看-成交率(人数)': 0.0003 }),
];

// ── Douyin Compass live-room export: no start time, percent strings, 万 units ──
const COMPASS_HEAD = ['账号', '直播时长(分钟)', '曝光人数', '观看人数', '观看次数', '最高在线', '平均在线', '平均停留时长', '商品曝光人数', '商品点击人数',
  '成交金额', '成交件数', '成交人数', '点击-成交率', '观看-成交率', '投放消耗'];
const compassRows = [
  ['demo_qinghua', 210, '5.23万', 8120, '1.27万', 412, 163.5, '2分30秒', 4010, 688, '1,524.00', 3, 2, '0.29%', '0.02%', '200.00'],
  ['demo_yaokou', 120, '2.01万', 3300, 4100, 150, 60, '1分48秒', 1500, 210, '99.90', 1, 1, '0.48%', '0.03%', '0.00'],
];

async function xlsx(file: string, sheets: { name: string; rows: (string | number)[][] }[]) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Beltscope samples (fictional data)';
  wb.created = new Date('2026-03-24T00:00:00Z');
  wb.modified = wb.created;
  for (const s of sheets) wb.addWorksheet(s.name).addRows(s.rows);
  await wb.xlsx.writeFile(`${dir}${file}`);
}
await xlsx('直播明细_抖音号_20260321_20260323.xlsx', [{ name: '直播间明细', rows: [LIVE_HEAD, ...liveRows] }]);
await xlsx('douyin-compass-live.xlsx', [{ name: '直播间明细', rows: [COMPASS_HEAD, ...compassRows] }]);

// ── Canonical files: columns named as the tables' columns ──
writeFileSync(`${dir}merchants.csv`, csv([
  ['merchant_id', 'belt_id', 'name', 'kind', 'size_class', 'home_venue'],
  ['S-JDZ-001', 'jingdezhen-ceramics', '示例青花坊', 'craftsman', 'small', 'workshop'],
  ['S-YX-001', 'yixing-zisha', '示例紫砂坊', 'craftsman', 'micro', 'studio'],
  ['S-HN-001', 'haining-leather', '示例皮草工厂', 'factory', 'medium', 'base'],
]));
writeFileSync(`${dir}merchant_accounts.csv`, csv([
  ['platform_id', 'account', 'merchant_id'],
  ['douyin', 'demo_qinghua', 'S-JDZ-001'],
  ['douyin', 'demo_yaokou', 'S-JDZ-001'],
]));
console.log(`Sample exports written to ${dir}`);
