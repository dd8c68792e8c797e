import { defineHistory, defineMutations } from './mutations';
import type { TableName } from './fields';
import type { RowOf } from './recordShape';
import { defineResource, type Resource, type ResourceConfig } from './resource';
import { defineStats } from './stats';

/**
 * A record type in full: its node type and root list (resource.ts), its create/update/delete mutations
 * unless the system alone writes it, and its history. This is what an area calls, keyed on its table:
 * `recordType({ table: 'household', fields: householdFields, … })` takes the household table's field specs
 * only, and its reads give household rows.
 */
export function recordType<T extends TableName>(config: ResourceConfig<T>): Resource<RowOf<T>> {
  const resource = defineResource<RowOf<T>>(config);
  if (config.editable !== false) defineMutations(resource);
  defineHistory(resource);
  defineStats(resource);
  return resource;
}
