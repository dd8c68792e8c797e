import { defineHistory, defineMutations } from './mutations';
import type { TableName } from './fields';
import type { RowOf } from './recordShape';
import { defineResource, type Resource, type ResourceConfig } from './resource';
import { defineStats } from './stats';
import { COUNTY_NAME, countyNameOf, countyNameOfColumn } from './place';

/**
 * A record type as an area writes it. Its name is said once: `Household` is the type of the table `household`,
 * listed as `households` (a plural that English does not make by rule, `exitCriteria`, is given as `plural`).
 */
export type RecordTypeSpec<T extends TableName> = Omit<ResourceConfig<T>, 'name' | 'label' | 'table' | 'plural'> & {
  table?: T;
  plural?: string;
};

/** `county` → `counties`, `household` → `households`. */
function pluralOf(table: string): string {
  return /[^aeiou]y$/.test(table) ? `${table.slice(0, -1)}ies` : `${table}s`;
}

/**
 * A record type in full: its node type and root list (resource.ts), its create/update/delete mutations
 * unless the system alone writes it, and its history. This is what an area calls, its name and its label (Chinese,
 * English) first, keyed on its table through its name: `recordType('Household', '贫困户', 'Household', { fields: householdFields, … })`
 * takes the household table's field specs only, and its reads give household rows.
 */
export function recordType<T extends TableName>(name: Capitalize<T>, zh: string, en: string, spec: RecordTypeSpec<T>): Resource<RowOf<T>> {
  const table = spec.table ?? ((name.charAt(0).toLowerCase() + name.slice(1)) as T);
  // a record placed in a village, or in a county of its own, names its county first among its derived fields (issue 16)
  const countyName = spec.villageOf ? countyNameOf(spec.villageOf) : spec.countyOf ? countyNameOfColumn(spec.countyOf) : undefined;
  const computed = countyName ? { [COUNTY_NAME]: countyName, ...spec.computed } : spec.computed;
  const config: ResourceConfig<T> = {
    ...spec,
    ...(computed ? { computed } : {}),
    name,
    label: { zh, en },
    table,
    plural: spec.plural ?? pluralOf(table),
  };
  const resource = defineResource<RowOf<T>>(config);
  if (config.editable !== false) defineMutations(resource);
  defineHistory(resource);
  defineStats(resource);
  return resource;
}
