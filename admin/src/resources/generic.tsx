/**
 * The list, show, edit and create views every record type shares, built from the schema metadata. A
 * resource folder only says, as data, what its list shows first and filters on (see `ResourceOptions`); the
 * forms and show pages take every field in the hub's order.
 */
import type { SvgIconComponent } from '@mui/icons-material';
import { Alert, LinearProgress } from '@mui/material';
import { cloneElement, useMemo, type ComponentType, type ReactElement } from 'react';
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
import { COUNTY_FIELD, useHubSchema, useLabel, type FieldSchema, type ResourceSchema } from '../dataProvider';
import type { ResourceModule } from '../resourceModule';
import { useAccessTo } from './access';
import { GridList } from '../grid/GridList';
import { fieldElement, inputElement } from './fieldElements';
import { HistoryPanel } from './HistoryPanel';
import { LinksLabel } from './representations';

/** What a resource folder chooses for its views; every other thing about its record type is the hub's. */
export interface ResourceOptions {
  /**
   * the fields that name a record (its number, its holder), the grid's first columns, which stay in place when
   * it scrolls sideways (default: the first two columns)
   */
  lead?: string[];
  /**
   * the grid's other columns until the user chooses others, in order (default: the type's other own fields in
   * the hub's order; derived fields and timestamps are in the column chooser)
   */
  columns?: string[];
  /** fields never shown (a derived duplicate of another) */
  hide?: string[];
  /** more buttons in the show view's toolbar (a member's "reveal the ID number") */
  showActions?: ComponentType;
  /** below the show view's fields, before the history (a household's members) */
  showExtras?: ComponentType;
  /** fields whose filters the list shows at once, besides the search box and the divisions (the rest: "add filter") */
  filters?: string[];
  /** how a record of this type reads in pickers and links to it (default: the records it links) */
  recordRepresentation?: ResourceModule['recordRepresentation'];
}

/** A resource folder's export: the module spread into <Resource>, and its name and icon for the menu. */
export interface HubResource {
  name: string;
  icon: SvgIconComponent;
  module: ResourceModule;
}

/** The audit timestamps: in the column chooser, not among a grid's default columns. */
const SYSTEM = new Set(['createdAt', 'updatedAt']);

/** The fields a view shows, in the hub's order: the type's own fields, derived ones, then the timestamps. */
function shownFields(resource: ResourceSchema, options: ResourceOptions): FieldSchema[] {
  return resource.fields.filter((f) => !options.hide?.includes(f.name));
}

/** A county-level record's own county (published figures, targets, projects, fund sources). */
const COUNTY_COLUMN = 'countyId';

/** The columns a record's county goes before (its village, a village's township). */
const PLACE_COLUMNS = ['villageId', 'townshipId'];

/**
 * The columns with the record's county (given only when the user's records lie in several counties: see
 * COUNTY_FIELD) before its place, or after the columns that stay in place.
 */
function withCounty(columns: string[], fields: FieldSchema[], frozen: number): string[] {
  if (columns.includes(COUNTY_FIELD) || !fields.some((f) => f.name === COUNTY_FIELD)) return columns;
  const place = columns.findIndex((name, i) => i >= frozen && PLACE_COLUMNS.includes(name));
  const at = place < 0 ? Math.min(frozen, columns.length) : place;
  return [...columns.slice(0, at), COUNTY_FIELD, ...columns.slice(at)];
}

/** The grid's columns until the user chooses others, and how many of them stay in place (see `lead`). */
function defaultColumns(fields: FieldSchema[], options: ResourceOptions, countyByName: boolean): { columns: string[]; frozen: number } {
  const lead = options.lead ?? [];
  // a record's own county column gives way to its county by name, shown only where records span counties
  const own = (f: FieldSchema) => !f.derived && !SYSTEM.has(f.name) && !(countyByName && f.name === COUNTY_COLUMN);
  const rest = options.columns ?? fields.filter(own).map((f) => f.name);
  const frozen = options.lead?.length ?? 2;
  return { columns: withCounty([...lead, ...rest.filter((name) => !lead.includes(name))], fields, frozen), frozen };
}

/** The list page: the grid over the resource's columns and filters (grid/GridList.tsx). */
function ResourceList({ resource, options }: { resource: ResourceSchema; options: ResourceOptions }) {
  // the same columns while the metadata is the same: the grid recomputes what it shows from them
  const grid = useMemo(() => defaultColumns(shownFields(resource, options), options, resource.countyByName), [resource, options]);
  return <GridList resource={resource} {...grid} filters={options.filters} />;
}

/** While the metadata loads (once per session), or when it could not be read. */
const Pending = ({ isPending, error }: { isPending: boolean; error: unknown }) =>
  isPending ? <LinearProgress sx={{ mt: 2 }} /> : <Alert severity="error">{error instanceof Error ? error.message : String(error)}</Alert>;

type LabelOf = (label: FieldSchema['label']) => string;

/** A view drawn from the resource's metadata, once it is read. */
function viewOf(render: (resource: ResourceSchema, labelOf: LabelOf) => ReactElement): ComponentType {
  return function ResourceView() {
    const { schema, isPending, error } = useHubSchema();
    const resource = schema?.resources[useResourceContext()!];
    const labelOf = useLabel();
    return resource ? render(resource, labelOf) : <Pending isPending={isPending} error={error} />;
  };
}

const ShowActions = ({ resource, more: More }: { resource: string; more: ComponentType | undefined }) => {
  const writable = useAccessTo(resource).update;
  return (
    <TopToolbar>
      {More ? <More /> : null}
      {writable ? <EditButton /> : null}
    </TopToolbar>
  );
};

const EditToolbar = ({ resource }: { resource: string }) => {
  const deletable = useAccessTo(resource).delete;
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {deletable ? <DeleteButton mutationMode="pessimistic" /> : null}
    </Toolbar>
  );
};

/** Two columns of inputs and three of values on wide screens: a household has some thirty fields. */
const FORM_LAYOUT = {
  '& > .MuiStack-root': { display: 'grid', gridTemplateColumns: { md: 'repeat(2, minmax(0, 1fr))' }, columnGap: 3, alignItems: 'start' },
  '& > .MuiStack-root .MuiFormControl-root': { width: '100%' },
} as const;
const SHOW_LAYOUT = {
  '& > .MuiStack-root': { display: 'grid', gridTemplateColumns: { md: 'repeat(3, minmax(0, 1fr))' }, columnGap: 3, rowGap: 1 },
} as const;

/** The form of edit and create: an input for each field the user may give, in the hub's order. */
function form(fields: FieldSchema[], labelOf: LabelOf, toolbar?: ReactElement): ReactElement {
  return (
    <SimpleForm toolbar={toolbar} sx={FORM_LAYOUT} warnWhenUnsavedChanges>
      {fields.map((field) => cloneElement(inputElement(field, labelOf(field.label)), { key: field.name }))}
    </SimpleForm>
  );
}

/**
 * A record type's module, by its root list's name (`households`) and its menu icon: generated views, with
 * the resource's choices.
 */
export function defineResource(name: string, icon: SvgIconComponent, options: ResourceOptions = {}): HubResource {
  const fieldsOf = (resource: ResourceSchema) => shownFields(resource, options);
  return {
    name,
    icon,
    module: {
      list: viewOf((resource) => <ResourceList resource={resource} options={options} />),
      // every field in the hub's order (the timestamps last), the resource's extras, the record's history
      show: viewOf((resource, labelOf) => (
        <Show actions={<ShowActions resource={name} more={options.showActions} />}>
          <SimpleShowLayout sx={SHOW_LAYOUT}>
            {fieldsOf(resource).map((field) => cloneElement(fieldElement(field, labelOf(field.label)), { key: field.name }))}
          </SimpleShowLayout>
          {options.showExtras ? <options.showExtras /> : null}
          <HistoryPanel />
        </Show>
      )),
      // pessimistic: the hub's validation and version check answer before the form is left
      edit: viewOf((resource, labelOf) => (
        <Edit mutationMode="pessimistic" redirect="show">
          {form(
            fieldsOf(resource).filter((f) => f.editable),
            labelOf,
            <EditToolbar resource={name} />,
          )}
        </Edit>
      )),
      create: viewOf((resource, labelOf) => (
        <Create redirect="show">
          {form(
            fieldsOf(resource).filter((f) => f.creatable),
            labelOf,
          )}
        </Create>
      )),
      icon,
      recordRepresentation: options.recordRepresentation ?? <LinksLabel resource={name} />,
    },
  };
}
