import { bool, code, date, decimal, reference, text, fieldsOf } from '../graph/fields';
import { KEY } from '../graph/fieldPresets';
import type { Text } from '../errors';
import { SEXES } from '../households/codes';
import { ACTION_CATEGORIES } from '../projects/codes';
import { HELPER_UNIT_KINDS, HELPER_UNIT_LEVELS, VISIT_MODES, WORK_TEAM_ROLES } from './codes';

const note = () => text({ zh: '备注', en: 'Note' }, { maxLength: 2000, defaultValue: '' });
/**
 * A pairing's or an assignment's start: the table keeps one row per pair and start date (its unique key
 * `uniqueConstraint`), and a duplicate is told `uniqueMessage` at this field.
 */
const startDate = (uniqueConstraint: string, uniqueMessage: Text) =>
  date({ zh: '开始日期', en: 'Start date' }, { required: true, uniqueConstraint, uniqueMessage });

/** What a second row for the same pair and start date is told. */
const STARTS_THAT_DAY = {
  unitVillage: { zh: '该单位与该村已有同一开始日期的定点帮扶', en: 'This unit is already paired with this village from that start date' },
  workTeam: { zh: '该干部在该村已有同一开始日期的驻村安排', en: 'This cadre is already assigned to this village from that start date' },
  cadreHousehold: { zh: '该干部与该户已有同一开始日期的结对', en: 'This cadre is already paired with this household from that start date' },
};
/**
 * A village has one current lead unit and one current first secretary: a partial unique index over the
 * village's current rows (`uniqueConstraint`), and a second one is told `uniqueMessage` at this field.
 */
const oneAtATime = (uniqueConstraint: string, { description, ...uniqueMessage }: Text & { description: string }) => ({
  description,
  uniqueConstraint,
  uniqueMessage,
});
const ONE_AT_A_TIME = {
  leadUnit: {
    zh: '该村已有牵头单位：一个村同一时间只能有一个牵头单位',
    en: 'This village already has a lead unit: a village has one lead unit at a time',
    description: 'a village has at most one current lead unit',
  },
  firstSecretary: {
    zh: '该村已有第一书记：一个村同一时间只能有一位第一书记',
    en: 'This village already has a first secretary: a village has one at a time',
    description: 'a village has at most one current first secretary',
  },
};
const endDate = () => date({ zh: '结束日期', en: 'End date' }, { description: 'empty while it lasts' });

/** 帮扶单位 */
export const helperUnitFields = fieldsOf<'helperUnit'>()({
  name: text({ zh: '单位名称', en: 'Name' }, { maxLength: 200, ...KEY, uniqueConstraint: 'helper_unit_name_key' }),
  kind: code({ zh: '单位类型', en: 'Kind' }, HELPER_UNIT_KINDS, 'HelperUnitKind', KEY),
  level: code({ zh: '单位级别', en: 'Level' }, HELPER_UNIT_LEVELS, 'HelperUnitLevel', { required: true }),
  contactName: text({ zh: '联系人', en: 'Contact name' }, { maxLength: 50, defaultValue: '' }),
  // the contact person's own number, often a mobile: personal data
  contactPhone: text(
    { zh: '联系电话', en: 'Contact phone' },
    {
      maxLength: 20,
      pattern: /^[0-9][0-9-]{6,19}$/,
      patternHint: { zh: '7 到 20 位数字（可含连字符）', en: '7 to 20 digits, hyphens allowed' },
      sensitive: true,
    },
  ),
  address: text({ zh: '地址', en: 'Address' }, { maxLength: 200, defaultValue: '' }),
});

/** 帮扶干部 */
export const cadreFields = fieldsOf<'cadre'>()({
  helperUnit: reference({ zh: '帮扶单位', en: 'Helper unit' }, 'HelperUnit', 'helperUnitId', KEY),
  name: text({ zh: '姓名', en: 'Name' }, { maxLength: 50, ...KEY }),
  sex: code({ zh: '性别', en: 'Sex' }, SEXES, 'Sex', { required: true }),
  mobile: text(
    { zh: '手机号码', en: 'Mobile number' },
    {
      maxLength: 11,
      pattern: /^1[3-9][0-9]{9}$/,
      patternHint: { zh: '11 位手机号码，以 13 至 19 开头', en: 'an 11-digit mobile number starting with 13 to 19' },
      required: true,
      filter: true,
      sensitive: true,
      uniqueConstraint: 'cadre_mobile_key',
      description: 'unique: one cadre per number',
    },
  ),
  position: text({ zh: '职务', en: 'Position' }, { maxLength: 100, defaultValue: '' }),
});

/** 定点帮扶: a unit paired with a village */
export const unitVillagePairingFields = fieldsOf<'unitVillagePairing'>()({
  helperUnit: reference({ zh: '帮扶单位', en: 'Helper unit' }, 'HelperUnit', 'helperUnitId', KEY),
  village: reference({ zh: '帮扶村', en: 'Village' }, 'Village', 'villageId', KEY),
  isLead: bool(
    { zh: '牵头单位', en: 'Lead unit' },
    { defaultValue: false, ...oneAtATime('unit_village_pairing_one_lead', ONE_AT_A_TIME.leadUnit) },
  ),
  startDate: startDate('unit_village_pairing_helper_unit_id_village_id_start_date_key', STARTS_THAT_DAY.unitVillage),
  endDate: endDate(),
  note: note(),
});

/** 驻村工作队: a cadre stationed in a village */
export const workTeamAssignmentFields = fieldsOf<'workTeamAssignment'>()({
  cadre: reference({ zh: '帮扶干部', en: 'Cadre' }, 'Cadre', 'cadreId', KEY),
  village: reference({ zh: '驻点村', en: 'Village' }, 'Village', 'villageId', KEY),
  role: code({ zh: '工作队职务', en: 'Role' }, WORK_TEAM_ROLES, 'WorkTeamRole', {
    required: true,
    ...oneAtATime('work_team_one_first_secretary', ONE_AT_A_TIME.firstSecretary),
  }),
  startDate: startDate('work_team_assignment_cadre_id_village_id_start_date_key', STARTS_THAT_DAY.workTeam),
  endDate: endDate(),
  note: note(),
});

/** 结对帮扶: a cadre responsible for a household */
export const cadreHouseholdPairingFields = fieldsOf<'cadreHouseholdPairing'>()({
  cadre: reference({ zh: '帮扶干部', en: 'Cadre' }, 'Cadre', 'cadreId', KEY),
  household: reference({ zh: '帮扶对象（贫困户）', en: 'Household' }, 'Household', 'householdId', {
    ...KEY,
  }),
  startDate: startDate('cadre_household_pairing_cadre_id_household_id_start_date_key', STARTS_THAT_DAY.cadreHousehold),
  endDate: endDate(),
  note: note(),
});

/** 帮扶措施, taken under a cadre–household pairing */
export const assistanceMeasureFields = fieldsOf<'assistanceMeasure'>()({
  pairing: reference({ zh: '结对帮扶', en: 'Pairing' }, 'CadreHouseholdPairing', 'cadreHouseholdPairingId', {
    ...KEY,
  }),
  actionCategory: code({ zh: '帮扶类别', en: 'Action category' }, ACTION_CATEGORIES, 'ActionCategory', {
    ...KEY,
  }),
  description: text({ zh: '措施内容', en: 'Description' }, { maxLength: 2000, required: true }),
  startedOn: date({ zh: '实施日期', en: 'Started on' }, { happened: true, required: true }),
  amount: decimal(
    { zh: '金额（元）', en: 'Amount (yuan)' },
    { min: 0, max: 9_999_999_999.99, description: 'money or goods in kind, when there is any' },
  ),
});

/** 走访记录 */
export const visitLogFields = fieldsOf<'visitLog'>()({
  pairing: reference({ zh: '结对帮扶', en: 'Pairing' }, 'CadreHouseholdPairing', 'cadreHouseholdPairingId', {
    ...KEY,
  }),
  visitedOn: date({ zh: '走访日期', en: 'Visit date' }, { happened: true, ...KEY }),
  mode: code({ zh: '走访方式', en: 'Mode' }, VISIT_MODES, 'VisitMode', { required: true }),
  content: text({ zh: '走访内容', en: 'Content' }, { maxLength: 4000, required: true }),
  followUps: text({ zh: '后续事项', en: 'Follow-ups' }, { maxLength: 4000, defaultValue: '' }),
  followUpDue: date({ zh: '后续事项期限', en: 'Follow-ups due' }),
});
