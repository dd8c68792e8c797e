import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useLocaleState, type DataProvider } from 'ra-core';
import type { CodeEntry, HubSchema, Label, ResourceSchema } from './schema';

/**
 * The record types' metadata and the user's permissions, fetched once per sign-in: the data provider keeps
 * one answer per sign-in, and react-admin empties this cache when the user signs out.
 */
export function useHubSchema(): { schema: HubSchema | undefined; isPending: boolean; error: unknown } {
  // what this hook needs of HubDataProvider, said here: index.ts re-exports these hooks, so no import back to it
  const dataProvider = useDataProvider<DataProvider & { getSchema(): Promise<HubSchema> }>();
  const { data, isPending, error } = useQuery({
    queryKey: ['hub', 'schema'],
    queryFn: () => dataProvider.getSchema(),
    staleTime: Infinity,
    gcTime: Infinity,
  });
  return { schema: data, isPending, error };
}

/** One record type's metadata (undefined while loading). */
export function useResourceSchema(resource: string): ResourceSchema | undefined {
  return useHubSchema().schema?.resources[resource];
}

/** A code table's entries (`HouseholdStatus` → [{ value, zh, en }]). */
export function useCodeTable(enumName: string | undefined): CodeEntry[] {
  const { schema } = useHubSchema();
  return (enumName && schema?.codeTables[enumName]) || [];
}

/** Picks a label's text in the UI's language. */
export function useLabel(): (label: Label | undefined) => string {
  const [locale] = useLocaleState();
  return (label) => (label ? (locale.startsWith('en') ? label.en : label.zh) : '');
}
