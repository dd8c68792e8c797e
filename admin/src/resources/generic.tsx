/**
 * The list, show, edit and create views every record type shares, built from the schema metadata. A
 * resource folder only says, as data, which columns, filters and order it wants (see `defineResource`).
 */
import type { SvgIconComponent } from '@mui/icons-material';
import { Alert, LinearProgress } from '@mui/material';
import { cloneElement, type ComponentType, type ReactElement } from 'react';
import {
  Create,
  DeleteButton,
  Edit,
  EditButton,
  SaveButton,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TopToolbar,
  Toolbar,
  useResourceContext,
} from 'react-admin';
import { useHubSchema, useLabel, type FieldSchema, type ResourceSchema } from '../dataProvider';
import type { ResourceModule } from '../resourceModule';
import { useAccessTo } from './access';
import { GridList } from '../grid/GridList';
import { fieldElement, inputElement } from './fieldElements';
import { HistoryPanel } from './HistoryPanel';
import { LinksLabel } from './representations';

export interface ResourceOptions {
  /** the root list's name: `households` */
  name: string;
  icon: SvgIconComponent;
  /** the list's columns until the user chooses others, in order (default: the first required fields) */
  columns?: string[];
  /** how many of the first columns stay in place when the grid scrolls sideways (default 2) */
  frozen?: number;
  /** the fields of show, edit and create, in order; fields not named follow in the schema's order */
  form?: string[];
  /** fields never shown (a derived duplicate of another) */
  hide?: string[];
  /** more buttons in the show view's toolbar (a member's "reveal the ID number") */
  showActions?: ComponentType;
  /** below the show view's fields, before the history (a household's members) */
  showExtras?: ComponentType;
  /** fields whose filters the list shows at once, besides the search box and the divisions (the rest: "add filter") */
  filters?: string[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
  /** how a record of this type reads in pickers and links to it (default: the records it links) */
  recordRepresentation?: ResourceModule['recordRepresentation'];
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
  return resource.fields
    .filter((f) => f.requiredOnCreate && f.kind !== 'enumList')
    .slice(0, 7)
    .map((f) => f.name);
}

/** While the metadata loads (once per session), or when it could not be read. */
const Pending = ({ isPending, error }: { isPending: boolean; error: unknown }) =>
  isPending ? <LinearProgress sx={{ mt: 2 }} /> : <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>;

/** The list page: the grid over the resource's chosen columns and filters (grid/GridList.tsx). */
function makeList(options: ResourceOptions) {
  const ResourceList = () => {
    const { resource, isPending, error } = useResource();
    if (!resource) return <Pending isPending={isPending} error={error} />;
    return (
      <GridList
        resource={resource}
        columns={options.columns ?? defaultColumns(resource)}
        frozen={options.frozen}
        filters={options.filters}
        sort={options.sort}
      />
    );
  };
  return ResourceList;
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
      list: makeList(options),
      show: makeShow(options),
      edit: makeEdit(options),
      create: makeCreate(options),
      icon: options.icon,
      recordRepresentation: options.recordRepresentation ?? <LinksLabel resource={options.name} />,
    },
  };
}
