/**
 * The list, show, edit and create views every record type shares, built from the schema metadata. A
 * resource folder only says which columns, filters and order it wants (see `defineResource`).
 */
import type { SvgIconComponent } from '@mui/icons-material';
import { Alert, LinearProgress } from '@mui/material';
import { cloneElement, type ComponentType, type ReactElement } from 'react';
import {
  Create,
  DeleteButton,
  Edit,
  EditButton,
  List,
  SaveButton,
  SearchInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TopToolbar,
  Toolbar,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { useHubSchema, useLabel, type FieldSchema, type ResourceSchema } from '../dataProvider';
import type { ResourceModule } from '../resourceModule';
import { useAccessTo } from './access';
import { fieldElement, filterElement, inputElement, SchemaTable } from './fieldElements';
import { HistoryPanel } from './HistoryPanel';
import { LinksLabel } from './representations';
import { ListActions } from './ListActions';

export interface ResourceOptions {
  /** the root list's name: `households` */
  name: string;
  icon: SvgIconComponent;
  /** the list's columns, in order (default: the first required fields) */
  list?: string[];
  /** the fields of show, edit and create, in order; fields not named follow in the schema's order */
  form?: string[];
  /** fields never shown (a derived duplicate of another) */
  hide?: string[];
  /** more buttons in the show view's toolbar (a member's "reveal the ID number") */
  showActions?: ComponentType;
  /** below the show view's fields, before the history (a household's members) */
  showExtras?: ComponentType;
  /** filters offered besides the search box and the division shortcuts */
  filters?: string[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
  /** how a record of this type reads in pickers and links to it (default: the records it links) */
  recordRepresentation?: ResourceModule['recordRepresentation'];
  /** replaces the generated list (the grid does, for its resources) */
  listComponent?: ResourceModule['list'];
}

/** A resource folder's export: the module spread into <Resource>, and its name and icon for the menu. */
export interface HubResource {
  name: string;
  icon: SvgIconComponent;
  module: ResourceModule;
}

/** Audit columns read at the end of a show page, never in forms. */
const SYSTEM = new Set(['createdAt', 'updatedAt']);

function useResource(): { resource: ResourceSchema | undefined; isPending: boolean; error: unknown; name: string } {
  const name = useResourceContext()!;
  const { schema, isPending, error } = useHubSchema();
  return { resource: schema?.resources[name], isPending, error, name };
}

/** Fields in the resource's chosen order, then the rest as the schema lists them. */
function ordered(all: FieldSchema[], order: string[] | undefined, hide: string[] = []): FieldSchema[] {
  const fields = all.filter((f) => !hide.includes(f.name));
  if (!order) return fields;
  const rank = (f: FieldSchema) => {
    const i = order.indexOf(f.name);
    return i < 0 ? order.length : i;
  };
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

function defaultColumns(resource: ResourceSchema): string[] {
  return resource.fields.filter((f) => f.requiredOnCreate && f.kind !== 'enumList').slice(0, 7).map((f) => f.name);
}

/** While the metadata loads (once per session), or when it could not be read. */
const Pending = ({ isPending, error }: { isPending: boolean; error: unknown }) =>
  isPending ? <LinearProgress sx={{ mt: 2 }} /> : <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>;

function makeList(options: ResourceOptions) {
  const GenericList = () => {
    const { resource, isPending, error } = useResource();
    const labelOf = useLabel();
    const translate = useTranslate();
    const deletable = useAccessTo(options.name).delete;
    if (!resource) return <Pending isPending={isPending} error={error} />;
    const byName = (name: string) => resource.fields.find((f) => f.name === name);
    const filters: ReactElement[] = [];
    if (resource.searchFields.length) filters.push(<SearchInput key="q" source="q" alwaysOn placeholder={translate('ra.action.search')} />);
    for (const shortcut of resource.shortcuts) {
      const target = shortcut === 'townshipId' ? 'townships' : 'villages';
      const label = translate(`resources.${target}.name`, { smart_count: 1 });
      filters.push(filterElement({ name: shortcut, graphqlName: shortcut, kind: 'reference', reference: target, editable: false, creatable: false, requiredOnCreate: false, nullable: true, label: { zh: label, en: label }, sensitive: false, masked: false, derived: false }, label, shortcut === 'townshipId'));
    }
    for (const name of options.filters ?? []) {
      const field = byName(name);
      if (field?.filterName && !resource.shortcuts.includes(name)) filters.push(filterElement(field, labelOf(field.label)));
    }
    const columns = (options.list ?? defaultColumns(resource)).map(byName).filter((f): f is FieldSchema => !!f);
    return (
      <List filters={filters} actions={<ListActions filters={filters} />} sort={options.sort ?? { field: 'id', order: 'ASC' }} perPage={25}>
        <SchemaTable fields={columns} labelOf={labelOf} bulkActions={deletable} />
      </List>
    );
  };
  return GenericList;
}

function makeShow(options: ResourceOptions) {
  const ShowActions = () => {
    const writable = useAccessTo(options.name).update;
    return (
      <TopToolbar>
        {options.showActions ? <options.showActions /> : null}
        {writable ? <EditButton /> : null}
      </TopToolbar>
    );
  };
  const GenericShow = () => {
    const { resource, isPending, error } = useResource();
    const labelOf = useLabel();
    if (!resource) return <Pending isPending={isPending} error={error} />;
    const fields = ordered(resource.fields, options.form, options.hide);
    const shown = [...fields.filter((f) => !SYSTEM.has(f.name)), ...fields.filter((f) => SYSTEM.has(f.name))];
    return (
      <Show actions={<ShowActions />}>
        <SimpleShowLayout sx={SHOW_LAYOUT}>
          {shown.map((field) => cloneElement(fieldElement(field, labelOf(field.label)), { key: field.name }))}
        </SimpleShowLayout>
        {options.showExtras ? <options.showExtras /> : null}
        <HistoryPanel />
      </Show>
    );
  };
  return GenericShow;
}

const EditToolbar = ({ resource }: { resource: string }) => {
  const deletable = useAccessTo(resource).delete;
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {deletable ? <DeleteButton mutationMode="pessimistic" /> : null}
    </Toolbar>
  );
};

function formInputs(fields: FieldSchema[], labelOf: (l: FieldSchema['label']) => string): ReactElement[] {
  return fields.map((field) => cloneElement(inputElement(field, labelOf(field.label)), { key: field.name }));
}

/** Two columns of inputs and three of values on wide screens: a household has some thirty fields. */
const FORM_LAYOUT = {
  '& > .MuiStack-root': { display: 'grid', gridTemplateColumns: { md: 'repeat(2, minmax(0, 1fr))' }, columnGap: 3, alignItems: 'start' },
  '& > .MuiStack-root .MuiFormControl-root': { width: '100%' },
} as const;
const SHOW_LAYOUT = {
  '& > .MuiStack-root': { display: 'grid', gridTemplateColumns: { md: 'repeat(3, minmax(0, 1fr))' }, columnGap: 3, rowGap: 1 },
} as const;

function makeEdit(options: ResourceOptions) {
  const GenericEdit = () => {
    const { resource, isPending, error } = useResource();
    const labelOf = useLabel();
    if (!resource) return <Pending isPending={isPending} error={error} />;
    const fields = ordered(resource.fields, options.form, options.hide).filter((f) => f.editable);
    // pessimistic: the hub's validation and version check answer before the form is left
    return (
      <Edit mutationMode="pessimistic" redirect="show">
        <SimpleForm toolbar={<EditToolbar resource={options.name} />} sx={FORM_LAYOUT} warnWhenUnsavedChanges>
          {formInputs(fields, labelOf)}
        </SimpleForm>
      </Edit>
    );
  };
  return GenericEdit;
}

function makeCreate(options: ResourceOptions) {
  const GenericCreate = () => {
    const { resource, isPending, error } = useResource();
    const labelOf = useLabel();
    if (!resource) return <Pending isPending={isPending} error={error} />;
    const fields = ordered(resource.fields, options.form, options.hide).filter((f) => f.creatable);
    return (
      <Create redirect="show">
        <SimpleForm sx={FORM_LAYOUT} warnWhenUnsavedChanges>
          {formInputs(fields, labelOf)}
        </SimpleForm>
      </Create>
    );
  };
  return GenericCreate;
}

/** A record type's module from its options: generated views, the resource's choices. */
export function defineResource(options: ResourceOptions): HubResource {
  return {
    name: options.name,
    icon: options.icon,
    module: {
      list: options.listComponent ?? makeList(options),
      show: makeShow(options),
      edit: makeEdit(options),
      create: makeCreate(options),
      icon: options.icon,
      recordRepresentation: options.recordRepresentation ?? <LinksLabel resource={options.name} />,
    },
  };
}
