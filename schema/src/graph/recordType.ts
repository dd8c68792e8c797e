/* eslint-disable @typescript-eslint/no-explicit-any -- see resource.ts */
import { defineHistory, defineMutations } from './mutations';
import { defineResource, type Resource, type ResourceConfig } from './resource';
import { defineStats } from './stats';

/**
 * A record type in full: its node type and root list (resource.ts), its create/update/delete mutations
 * unless the system alone writes it, and its history. This is what an area calls.
 */
export function recordType<R extends Record<string, any> = Record<string, any>>(config: ResourceConfig): Resource<R> {
  const resource = defineResource<R>(config);
  if (config.editable !== false) defineMutations(resource);
  defineHistory(resource);
  defineStats(resource);
  return resource;
}
