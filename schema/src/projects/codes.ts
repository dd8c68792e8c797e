import { codeTable, type CodeOf } from '../db/codeTable';

/** The ten actions (十大行动), each "to village and household" (到村到户): the categories of projects and measures. */
export const ACTION_CATEGORIES = codeTable([
  { value: 'INDUSTRY', zh: '产业扶贫', en: 'Industry' },
  { value: 'RELOCATION', zh: '易地扶贫搬迁', en: 'Relocation' },
  { value: 'INFRASTRUCTURE', zh: '基础设施建设', en: 'Infrastructure' },
  { value: 'TOURISM', zh: '旅游扶贫', en: 'Tourism' },
  { value: 'ECOMMERCE', zh: '电商扶贫', en: 'E-commerce' },
  { value: 'EMPLOYMENT', zh: '农民工培训创业（就业扶贫）', en: 'Migrant-worker training and employment' },
  { value: 'ASSET_INCOME', zh: '资产收益扶贫', en: 'Asset income' },
  { value: 'SCI_EDU_CULTURE_HEALTH', zh: '科教文卫扶贫', en: 'Science, education, culture and health' },
  { value: 'FINANCE', zh: '金融扶贫', en: 'Finance' },
  { value: 'SOCIAL_TWINNING', zh: '社会扶贫与结对帮扶', en: 'Social assistance and twinning' },
]);
export type ActionCategory = CodeOf<typeof ACTION_CATEGORIES>;

/** The four programmes (四大工程) of the county's plan. */
export const PROGRAMMES = codeTable([
  { value: 'INDUSTRY_DEVELOPMENT', zh: '产业开发', en: 'Industry development' },
  { value: 'INFRASTRUCTURE', zh: '基础设施', en: 'Infrastructure' },
  { value: 'EDUCATION', zh: '教育扶贫', en: 'Education' },
  { value: 'PARTY_BUILDING', zh: '党的建设', en: 'Party building' },
]);
export type Programme = CodeOf<typeof PROGRAMMES>;

/** 项目状态, in the order a project moves through them. */
export const PROJECT_STATUSES = codeTable([
  { value: 'PLANNED', zh: '已入库', en: 'Planned' },
  { value: 'APPROVED', zh: '已批复', en: 'Approved' },
  { value: 'IN_PROGRESS', zh: '实施中', en: 'In progress' },
  { value: 'COMPLETED', zh: '已完工', en: 'Completed' },
  { value: 'ACCEPTED', zh: '已验收', en: 'Accepted' },
]);
export type ProjectStatus = CodeOf<typeof PROJECT_STATUSES>;

/** 资金级次 */
export const FUND_LEVELS = codeTable([
  { value: 'CENTRAL', zh: '中央财政', en: 'Central government' },
  { value: 'REGION', zh: '自治区财政', en: 'Autonomous region' },
  { value: 'CITY', zh: '市级财政', en: 'City' },
  { value: 'COUNTY', zh: '县级财政', en: 'County' },
  { value: 'EAST_WEST', zh: '东西部扶贫协作', en: 'East–west cooperation' },
  { value: 'PAIRED_UNIT', zh: '定点帮扶单位', en: 'Paired helper unit' },
  { value: 'SOCIAL', zh: '社会帮扶', en: 'Social donations' },
  { value: 'CREDIT', zh: '扶贫信贷', en: 'Poverty-alleviation credit' },
]);
export type FundLevel = CodeOf<typeof FUND_LEVELS>;

/** 收款方类型 */
export const PAYEE_TYPES = codeTable([
  { value: 'HOUSEHOLD', zh: '贫困户', en: 'Household' },
  { value: 'VILLAGE_COLLECTIVE', zh: '村集体', en: 'Village collective' },
  { value: 'COOPERATIVE', zh: '合作社', en: 'Cooperative' },
  { value: 'CONTRACTOR', zh: '施工单位', en: 'Contractor' },
]);
export type PayeeType = CodeOf<typeof PAYEE_TYPES>;
