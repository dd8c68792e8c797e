import type { ResourceProps } from 'react-admin';

/**
 * What each resource folder's `index.ts` exports (react-admin demo style), spread into its `<Resource>`:
 *
 *     // src/households/index.ts
 *     export default { list: HouseholdList, edit: HouseholdEdit, icon: HomeIcon } satisfies ResourceModule;
 *     // App.tsx
 *     <Resource name="households" {...households} />
 *
 * A record type's labels are the hub's (`recordTypes`, i18n/recordTypeNames.ts); another list's go in
 * i18n/zh.ts and i18n/en.ts under `resources.<name>.{name, fields}`.
 */
export type ResourceModule = Pick<ResourceProps, 'list' | 'edit' | 'create' | 'show' | 'icon' | 'recordRepresentation'>;
