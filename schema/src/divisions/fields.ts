import { bool, date, int, reference, text, fieldsOf } from '../graph/fields';
import { KEY, YEAR } from '../graph/fieldPresets';
import type { Text } from '../errors';

/** 区划代码: twelve digits, a level's own part after its parents' and zeros for the levels below it. */
const divisionCode = (pattern: RegExp, patternHint: Text, uniqueConstraint: string) =>
  text({ zh: '区划代码', en: 'Division code' }, { maxLength: 12, pattern, patternHint, ...KEY, uniqueConstraint });

export const countyFields = fieldsOf<'county'>()({
  code: divisionCode(
    /^[0-9]{6}000000$/,
    { zh: '12 位区划代码，后 6 位为 0', en: 'a 12-digit code ending in six zeros' },
    'county_code_key',
  ),
  name: text({ zh: '名称', en: 'Name' }, { maxLength: 50, required: true }),
  asOf: date(
    { zh: '数据截至日', en: 'Day of record' },
    { description: 'the day the records are as of (a report loaded at a date); empty: today, for records kept day by day' },
  ),
});

export const townshipFields = fieldsOf<'township'>()({
  county: reference({ zh: '所属县', en: 'County' }, 'County', 'countyId', { required: true, filter: true }),
  code: divisionCode(
    /^[0-9]{9}000$/,
    { zh: '12 位区划代码，后 3 位为 0', en: 'a 12-digit code ending in three zeros' },
    'township_code_key',
  ),
  name: text({ zh: '乡镇名称', en: 'Name' }, { maxLength: 50, ...KEY, uniqueConstraint: 'township_county_id_name_key' }),
});

export const villageFields = fieldsOf<'village'>()({
  township: reference({ zh: '所属乡镇', en: 'Township' }, 'Township', 'townshipId', KEY),
  code: divisionCode(/^[0-9]{9}(?!000)[0-9]{3}$/, { zh: '12 位村级区划代码', en: 'a 12-digit village code' }, 'village_code_key'),
  name: text({ zh: '村名', en: 'Name' }, { maxLength: 50, ...KEY, uniqueConstraint: 'village_township_id_name_key' }),
  ruralPopulation: int(
    { zh: '农村户籍人口', en: 'Rural registered population' },
    { min: 0, max: 1_000_000, defaultValue: 0, description: 'the denominator of the poverty incidence' },
  ),
  isPoorVillage: bool({ zh: '贫困村', en: 'Poor village' }, { defaultValue: false, filter: true }),
  plannedExitYear: int({ zh: '计划脱贫摘帽年度', en: 'Planned exit year' }, { ...YEAR, filter: true, sort: true }),
  exitYear: int({ zh: '脱贫摘帽年度', en: 'Exit year' }, { ...YEAR, happened: true, filter: true, sort: true }),
});

export const villageGroupFields = fieldsOf<'villageGroup'>()({
  village: reference({ zh: '所属行政村', en: 'Village' }, 'Village', 'villageId', { required: true, filter: true }),
  name: text({ zh: '村民小组（屯）', en: 'Name' }, { maxLength: 50, ...KEY, uniqueConstraint: 'village_group_village_id_name_key' }),
});
