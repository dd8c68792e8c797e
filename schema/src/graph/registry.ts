import type { Resource } from './recordShape';

/** Every record type by GraphQL name, for references, `applyChanges` and the access rules' coverage test. */
export const resources = new Map<string, Resource>();

export function resourceNamed(name: string): Resource {
  const resource = resources.get(name);
  if (!resource) throw new Error(`no resource named ${name} (is its module imported in schema.ts?)`);
  return resource;
}
