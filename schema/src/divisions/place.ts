import type { TableName } from '../graph/fields';
import { recordType, type RecordTypeSpec } from '../graph/recordType';
import { fieldIssue } from '../graph/validation';

/** Place names and populations, no personal data: everyone signed in reads them. */
export function place<T extends TableName>(name: Capitalize<T>, zh: string, en: string, spec: RecordTypeSpec<T>) {
  return recordType(name, zh, en, { public: true, ...spec });
}

/** The refusals of a township or village moving to another county while projects of its county name it. */
const HELD_BY_PROJECTS = {
  township: fieldIssue(
    'county',
    '该乡镇有本县项目的实施村、受益户或收款方，不能划到其他县',
    'The township holds sites, beneficiaries or payees of projects of its county: it cannot move to another county',
  ),
  village: fieldIssue(
    'township',
    '该村有本县项目的实施点、受益户或收款方，不能划到其他县的乡镇',
    'The village holds sites, beneficiaries or payees of projects of its county: it cannot move to a township of another county',
  ),
};

/**
 * A division named by projects of its county (their sites, beneficiaries, payees) stays in that county
 * (migration 2026-12-06-73, its constraint `<division>_in_county_of_its_projects`): the refusal, on the field
 * that would move it.
 */
export function heldByCountyProjects(division: keyof typeof HELD_BY_PROJECTS) {
  return { [`${division}_in_county_of_its_projects`]: HELD_BY_PROJECTS[division] };
}
