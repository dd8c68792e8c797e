import type { RaRecord } from 'react-admin';

/**
 * What the grid needs to know about one field (column) of a resource. It is derived from the data provider's
 * schema metadata (see useGridFields.ts), never written by hand per resource.
 */
export interface GridField {
  /** the record's property, e.g. `householdNumber`, `village` */
  source: string;
  /** the key of the patch input, e.g. `villageId` for the reference `village` */
  input: string;
  label: string;
  kind: 'text' | 'int' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'enum' | 'enumList' | 'reference';
  /** in the patch input and writable by the signed-in user */
  editable: boolean;
  required: boolean;
  /** the server sorts by it (header click) */
  sortable: boolean;
  /** enum and enumList: the code table in the UI's language */
  choices?: ReadonlyArray<{ value: string; label: string }>;
  /** reference: the referenced resource (react-admin name, e.g. `villages`) and how its records are named */
  reference?: { resource: string; nameOf: (record: RaRecord) => string };
}

/** A record as the grid holds it: react-admin's record with the hub's optimistic-locking version. */
export type SheetRecord = RaRecord & { version: number };

/** One refused cell, as the server (or the grid itself, before sending) reports it. */
export interface CellProblem {
  id: SheetRecord['id'];
  /** the field's `input` name, as the server names it */
  field: string;
  message: string;
}

/** The edits to one record that have not been saved yet (a failed paste kept for correction). */
export interface PendingRow {
  version: number;
  /** input name → the text typed or pasted (the server parses it by the field's type) */
  patch: Record<string, unknown>;
}
