import { useMemo } from 'react';
import { useLocaleState, useResourceDefinitions } from 'react-admin';
import { useHubSchema } from '../dataProvider';
import { gridFieldsOf } from './gridFields';
import type { GridField } from './types';

/**
 * The grid's columns for a resource, from the data provider's schema metadata (field kinds, labels, code
 * tables, which fields the patch input takes) in the UI's language. Undefined until the metadata is read.
 */
export function useGridFields(resource: string): GridField[] | undefined {
  const { schema } = useHubSchema();
  const [locale] = useLocaleState();
  const definitions = useResourceDefinitions();
  return useMemo(
    () => (schema ? gridFieldsOf(schema, resource, !locale.startsWith('en'), definitions) : undefined),
    [schema, resource, locale, definitions],
  );
}
