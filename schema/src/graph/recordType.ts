import { defineHistory, defineMutations } from './mutations';
import type { TableName } from './fields';
import type { RowOf } from './recordShape';
import { defineResource, type Resource, type ResourceConfig } from './resource';
import { defineStats } from './stats';
import { COUNTY_NAME, countyNameOf } from './place';

/**
 * A record type as an area writes it. Its name is said once: `Household` is the type of the table `household`,
 * listed as `households` (a plural that English does not make by rule, `exitCriteria`, is given as `plural`).
 */
export type RecordTypeSpec<T extends TableName> = Omit<ResourceConfig<T>, 'name' | 'table' | 'plural'> & {
  name: Capitalize<T>;
  table?: T;
  plural?: string;
};

/** `county` → `counties`, `household` → `households`. */
function pluralOf(table: string): string {
  return /[^aeiou]y$/.test(table) ? `${table.slice(0, -1)}ies` : `${table}s`;
}

/**
 * A record type in full: its node type and root list (resource.ts), its create/update/delete mutations
 * unless the system alone writes it, and its history. This is what an area calls, keyed on its table through
 * its name: `recordType({ name: 'Household', fields: householdFields, … })` takes the household table's field
 * specs only, and its reads give household rows.
 */
export function recordType<T extends TableName>(spec: RecordTypeSpec<T>): Resource<RowOf<T>> {
  const table = spec.table ?? ((spec.name.charAt(0).toLowerCase() + spec.name.slice(1)) as T);
  // a record placed in a village names its county first among its derived fields (issue 16)
  const computed = spec.villageOf ? { [COUNTY_NAME]: countyNameOf(spec.villageOf), ...spec.computed } : spec.computed;
  const config: ResourceConfig<T> = { ...spec, ...(computed ? { computed } : {}), table, plural: spec.plural ?? pluralOf(table) };
  const resource = defineResource<RowOf<T>>(config);
  if (config.editable !== false) defineMutations(resource);
  defineHistory(resource);
  defineStats(resource);
  return resource;
}
