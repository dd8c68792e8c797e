import type { ResourceProps } from 'react-admin';

/**
 * What each resource folder's `index.ts` exports (react-admin demo style), spread into its `<Resource>`:
 *
 *     // src/households/index.ts
 *     export default { list: HouseholdList, edit: HouseholdEdit, icon: HomeIcon } satisfies ResourceModule;
 *     // App.tsx
 *     <Resource name="households" {...households} />
 *
 * Its labels go in i18n/zh.ts and i18n/en.ts under `resources.households.{name, fields}`.
 */
export type ResourceModule = Pick<ResourceProps, 'list' | 'edit' | 'create' | 'show' | 'icon' | 'recordRepresentation'>;
