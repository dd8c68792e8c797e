import { code, date, decimal, int, reference, text, fieldsOf } from '../graph/fields';
import { KEY, YEAR, countyOfRecord } from '../graph/fieldPresets';
import { ACTION_CATEGORIES, FUND_LEVELS, PAYEE_TYPES, PROGRAMMES, PROJECT_STATUSES } from './codes';

/** numeric(14,2): up to twelve digits of yuan and two of fen. */
const MONEY_MAX = 999_999_999_999.99;

const documentNumber = () => text({ zh: '文号', en: 'Document number' }, { maxLength: 100, defaultValue: '' });

/** The project a site, a beneficiary or an allocation is of: one of its keys. */
const project = (options: Parameters<typeof reference>[3] = KEY) =>
  reference({ zh: '扶贫项目', en: 'Project' }, 'Project', 'projectId', options);

/**
 * A record that links two others (a project and a village it is carried out in, or a household it benefits; a
 * fund source and a project) holds each pair once: both references are keys, and the pair's unique constraint
 * is told at the second one.
 */
const pairKey = (uniqueConstraint: string) => ({ ...KEY, uniqueConstraint });

/** 扶贫项目 */
export const projectFields = fieldsOf<'project'>()({
  code: text(
    { zh: '项目编号', en: 'Project code' },
    {
      maxLength: 32,
      pattern: /^[A-Za-z0-9-]{3,32}$/,
      patternHint: { zh: '3 到 32 位字母、数字或连字符', en: '3 to 32 letters, digits or hyphens' },
      ...KEY,
      // unique within the county: two counties may number their projects alike
      uniqueConstraint: 'project_county_id_code_key',
    },
  ),
  name: text({ zh: '项目名称', en: 'Name' }, { maxLength: 200, required: true }),
  year: int({ zh: '项目年度', en: 'Year' }, { ...YEAR, ...KEY }),
  actionCategory: code({ zh: '扶贫行动类别', en: 'Action category' }, ACTION_CATEGORIES, 'ActionCategory', {
    ...KEY,
    description: 'one of the ten actions (十大行动)',
  }),
  programme: code({ zh: '所属工程', en: 'Programme' }, PROGRAMMES, 'Programme', {
    description: 'one of the four programmes (四大工程), if any',
  }),
  implementingUnit: text({ zh: '实施单位', en: 'Implementing unit' }, { maxLength: 200, required: true }),
  budget: decimal({ zh: '项目预算（元）', en: 'Budget (yuan)' }, { min: 0, max: MONEY_MAX, required: true }),
  status: code({ zh: '项目状态', en: 'Status' }, PROJECT_STATUSES, 'ProjectStatus', { defaultValue: 'PLANNED', filter: true, sort: true }),
  startDate: date({ zh: '开工日期', en: 'Start date' }),
  endDate: date({ zh: '完工日期', en: 'End date' }, { description: 'on or after the start date' }),
  description: text({ zh: '项目内容', en: 'Description' }, { maxLength: 4000, defaultValue: '' }),
  // its sites lie in it, and the money allocated to it is its county's
  county: countyOfRecord(),
});

/** 项目实施村: a village where a project is carried out */
export const projectSiteFields = fieldsOf<'projectSite'>()({
  project: project(),
  village: reference({ zh: '实施村', en: 'Village' }, 'Village', 'villageId', pairKey('project_site_project_id_village_id_key')),
});

/** 项目受益户 */
export const projectBeneficiaryFields = fieldsOf<'projectBeneficiary'>()({
  project: project(),
  household: reference(
    { zh: '受益贫困户', en: 'Household' },
    'Household',
    'householdId',
    pairKey('project_beneficiary_project_id_household_id_key'),
  ),
});

/** 资金来源 */
export const fundSourceFields = fieldsOf<'fundSource'>()({
  name: text({ zh: '资金名称', en: 'Name' }, { maxLength: 200, required: true }),
  level: code({ zh: '资金级次', en: 'Level' }, FUND_LEVELS, 'FundLevel', KEY),
  year: int({ zh: '资金年度', en: 'Year' }, { ...YEAR, ...KEY }),
  documentNumber: documentNumber(),
  amount: decimal(
    { zh: '资金金额（元）', en: 'Amount (yuan)' },
    { min: 0, max: MONEY_MAX, required: true, description: 'never less than what is allocated from it' },
  ),
  receivedOn: date({ zh: '到账日期', en: 'Received on' }, { happened: true }),
  county: countyOfRecord(),
});

/** 资金分配: part of a fund source allocated to a project */
export const fundAllocationFields = fieldsOf<'fundAllocation'>()({
  fundSource: reference({ zh: '资金来源', en: 'Fund source' }, 'FundSource', 'fundSourceId', KEY),
  project: project(pairKey('fund_allocation_fund_source_id_project_id_key')),
  amount: decimal(
    { zh: '分配金额（元）', en: 'Amount (yuan)' },
    {
      min: 0,
      max: MONEY_MAX,
      required: true,
      description: 'the allocations of a source never exceed its amount, nor fall below what is disbursed from them',
    },
  ),
  allocatedOn: date({ zh: '分配日期', en: 'Allocated on' }, { happened: true }),
  documentNumber: documentNumber(),
});

/** 资金拨付: money paid out of an allocation */
export const disbursementFields = fieldsOf<'disbursement'>()({
  fundAllocation: reference({ zh: '资金分配', en: 'Fund allocation' }, 'FundAllocation', 'fundAllocationId', {
    ...KEY,
  }),
  payeeType: code({ zh: '收款方类型', en: 'Payee type' }, PAYEE_TYPES, 'PayeeType', { required: true }),
  payeeHousehold: reference({ zh: '收款贫困户', en: 'Payee household' }, 'Household', 'payeeHouseholdId', {
    filter: true,
    sort: true,
    description: 'exactly when the payee is a household',
  }),
  payeeVillage: reference({ zh: '收款村集体', en: 'Payee village' }, 'Village', 'payeeVillageId', {
    filter: true,
    sort: true,
    description: 'exactly when the payee is a village collective',
  }),
  payeeName: text({ zh: '收款方名称', en: 'Payee name' }, { maxLength: 200, required: true }),
  amount: decimal(
    { zh: '拨付金额（元）', en: 'Amount (yuan)' },
    { min: 0.01, max: MONEY_MAX, required: true, description: 'the disbursements of an allocation never exceed its amount' },
  ),
  paidOn: date({ zh: '拨付日期', en: 'Paid on' }, { happened: true, ...KEY }),
  voucherNumber: text({ zh: '凭证号', en: 'Voucher number' }, { maxLength: 100, defaultValue: '' }),
});
