/** Names for the demo county: synthetic, in the style of Lingyun's Zhuang, Han and Yao families. */
import type { Random } from './random';

export const TOWNSHIPS = [
  { code: '451027100000', name: '泗城镇', yao: 0.05 },
  { code: '451027101000', name: '逻楼镇', yao: 0.08 },
  { code: '451027102000', name: '加尤镇', yao: 0.1 },
  { code: '451027103000', name: '下甲镇', yao: 0.08 },
  { code: '451027200000', name: '伶站瑶族乡', yao: 0.45 },
  { code: '451027201000', name: '朝里瑶族乡', yao: 0.4 },
  { code: '451027202000', name: '沙里瑶族乡', yao: 0.45 },
  { code: '451027203000', name: '玉洪瑶族乡', yao: 0.5 },
] as const;

export const SURNAMES = {
  ZHUANG: ['黄', '罗', '韦', '岑', '陆', '班', '农', '蒙', '覃', '潘', '梁', '卢', '陈', '杨', '廖'],
  HAN: ['李', '王', '张', '刘', '陈', '杨', '周', '吴', '赵', '何', '谢', '曾'],
  YAO: ['赵', '盘', '邓', '李', '冯', '蓝', '黄', '罗', '杨', '蒋'],
} as const;

/**
 * Two-character surnames (复姓). A name is its surname and its given name; these surnames take two characters,
 * every other one. The households search finds a member by her given name with the same list (the SQL function
 * hub_given_name, migration 2026-12-06-31-member-given-name-search; test/graph.householdSearch.test.ts keeps
 * them equal).
 */
export const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '独孤',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '申屠',
  '轩辕',
  '闻人',
  '万俟',
  '呼延',
  '赫连',
  '钟离',
  '百里',
  '东郭',
  '拓跋',
  '司空',
] as const;

const MALE = [...'志明强军华平国建文海福贵宝忠荣德金生林永春勇刚伟斌振兴光辉成龙安庆家'];
const FEMALE = [...'秀美兰英芳丽红梅花玉珍凤霞琴燕娟莲桂菊妹春翠萍艳丹婷雪慧'];

export function givenName(male: boolean, random: Random, two: boolean): string {
  const chars = male ? MALE : FEMALE;
  return two ? random.pick(chars) + random.pick(chars) : random.pick(chars);
}

/** syllables of Zhuang place names (那 fields, 弄 valleys, 百 springs, 坡 hills…) */
const PLACE_FIRST = [
  '那',
  '弄',
  '百',
  '坡',
  '板',
  '陇',
  '伟',
  '平',
  '上',
  '下',
  '新',
  '中',
  '岩',
  '汤',
  '达',
  '浪',
  '果',
  '加',
  '逻',
  '沙',
];
const PLACE_SECOND = [
  '洪',
  '桑',
  '烈',
  '贡',
  '里',
  '合',
  '兰',
  '朝',
  '留',
  '雅',
  '瓦',
  '布',
  '坤',
  '利',
  '茶',
  '林',
  '湾',
  '江',
  '力',
  '平',
  '立',
  '柳',
  '峨',
  '槐',
];

export function placeName(index: number): string {
  return PLACE_FIRST[index % PLACE_FIRST.length]! + PLACE_SECOND[Math.floor(index / PLACE_FIRST.length) % PLACE_SECOND.length]!;
}

export const HELPER_UNITS: {
  name: string;
  kind: 'GOVERNMENT' | 'INSTITUTION' | 'SOE' | 'PRIVATE_ENTERPRISE' | 'EAST_WEST' | 'SOCIAL_ORGANIZATION';
  level: 'CENTRAL' | 'REGION' | 'CITY' | 'COUNTY' | 'OTHER';
}[] = [
  ...[
    '县委办公室',
    '县政府办公室',
    '县财政局',
    '县发展和改革局',
    '县扶贫开发办公室',
    '县教育局',
    '县卫生和计划生育局',
    '县民政局',
    '县人力资源和社会保障局',
    '县住房和城乡建设局',
    '县交通运输局',
    '县水利局',
    '县农业局',
    '县林业局',
    '县国土资源局',
    '县公安局',
    '县统计局',
    '县审计局',
    '县商务局',
    '县旅游局',
    '县文化体育广电局',
    '县科技局',
    '县司法局',
    '县环境保护局',
    '县工商局',
    '县供销社',
  ].map((n) => ({ name: `凌云${n}`, kind: 'GOVERNMENT' as const, level: 'COUNTY' as const })),
  ...['凌云县人民医院', '凌云县中学', '凌云县农业技术推广中心', '凌云县茶叶研究所'].map((name) => ({
    name,
    kind: 'INSTITUTION' as const,
    level: 'COUNTY' as const,
  })),
  ...['百色市财政局', '百色市发展和改革委员会', '百色市农业委员会', '百色市交通运输局', '百色市教育局', '百色学院'].map((name) => ({
    name,
    kind: 'GOVERNMENT' as const,
    level: 'CITY' as const,
  })),
  ...['广西壮族自治区扶贫开发办公室', '广西壮族自治区交通运输厅', '广西壮族自治区林业厅'].map((name) => ({
    name,
    kind: 'GOVERNMENT' as const,
    level: 'REGION' as const,
  })),
  { name: '广西电网有限责任公司百色供电局', kind: 'SOE', level: 'REGION' },
  { name: '中国农业银行凌云县支行', kind: 'SOE', level: 'CENTRAL' },
  { name: '中国移动广西公司百色分公司', kind: 'SOE', level: 'REGION' },
  { name: '广西农村信用社凌云联社', kind: 'SOE', level: 'COUNTY' },
  { name: '凌云县浪伏茶业有限公司', kind: 'PRIVATE_ENTERPRISE', level: 'OTHER' },
  { name: '凌云县白毫茶叶专业合作社联合社', kind: 'PRIVATE_ENTERPRISE', level: 'OTHER' },
  { name: '百色市桑蚕丝绸有限公司', kind: 'PRIVATE_ENTERPRISE', level: 'OTHER' },
  { name: '广东省深圳市对口帮扶工作组', kind: 'EAST_WEST', level: 'OTHER' },
  { name: '凌云县慈善总会', kind: 'SOCIAL_ORGANIZATION', level: 'COUNTY' },
];

export const PROJECT_NAMES: Record<string, readonly string[]> = {
  INDUSTRY: ['{v}茶叶种植基地', '{v}桑蚕养殖示范点', '{v}油茶低产林改造', '{v}山羊养殖项目', '{v}百香果种植基地', '{v}中药材种植项目'],
  RELOCATION: ['{t}易地扶贫搬迁安置点', '{v}易地扶贫搬迁配套设施'],
  INFRASTRUCTURE: ['{v}通屯硬化路', '{v}人饮工程', '{v}村级道路硬化', '{v}水柜建设', '{v}农网改造', '{v}村级活动场所'],
  TOURISM: ['{v}乡村旅游示范点', '{v}农家乐扶持项目'],
  ECOMMERCE: ['{v}村级电商服务站', '{t}农村电商物流配送点'],
  EMPLOYMENT: ['{t}农民工技能培训班', '{t}贫困劳动力转移就业补助'],
  ASSET_INCOME: ['{v}光伏发电资产收益项目', '{v}村集体经济入股分红项目'],
  SCI_EDU_CULTURE_HEALTH: ['{v}村卫生室建设', '{v}教学点改造', '{v}文化室建设', '{t}贫困家庭学生资助'],
  FINANCE: ['{t}扶贫小额信贷贴息', '{t}产业扶贫贷款风险补偿金'],
  SOCIAL_TWINNING: ['{v}结对帮扶慰问', '{v}社会帮扶捐赠项目'],
};

export const VISIT_CONTENT = [
  '入户了解家庭收入情况，宣讲扶贫政策',
  '核实家庭人口和劳动力状况，更新帮扶手册',
  '指导茶叶管护，落实产业奖补',
  '了解子女就学情况，落实教育资助',
  '帮助联系务工岗位，动员外出务工',
  '协助办理新农合和养老保险',
  '查看危房改造进度',
  '帮助申请扶贫小额信贷',
  '核对年度收入，算清收入账',
  '了解患病成员就医情况，落实医疗救助',
];

export const MEASURE_TEXT: Record<string, string> = {
  INDUSTRY: '扶持发展茶叶种植 3 亩',
  RELOCATION: '动员易地扶贫搬迁入住安置点',
  INFRASTRUCTURE: '协调解决入户道路硬化',
  TOURISM: '扶持开办农家乐',
  ECOMMERCE: '帮助通过电商销售土特产',
  EMPLOYMENT: '推荐参加技能培训并转移就业',
  ASSET_INCOME: '落实光伏资产收益分红',
  SCI_EDU_CULTURE_HEALTH: '落实教育资助和医疗救助',
  FINANCE: '协助申请 5 万元扶贫小额信贷',
  SOCIAL_TWINNING: '节日慰问并赠送生产物资',
};
