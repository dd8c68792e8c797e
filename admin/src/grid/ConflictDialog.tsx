import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TableCell, TableRow } from '@mui/material';
import { useGetOne, useTranslate } from 'react-admin';
import { SmallTable } from '../SmallTable';
import { displayText } from './cells';
import type { Conflict } from './useSheetEdits';
import type { GridField, SheetRecord } from './types';

interface Props {
  resource: string;
  conflict: Conflict;
  /** the record as the clerk read it */
  read: SheetRecord | undefined;
  columns: readonly GridField[];
  referenceNames: (field: GridField, record: SheetRecord) => string;
  onReload: () => void;
  onReapply: (latest: SheetRecord) => void;
  onClose: () => void;
}

/**
 * CONFLICT: someone saved the record after the clerk read it. Shows, for every field the clerk edited and
 * every field that changed underneath, the value read, the value now, and the clerk's edit; nothing is
 * written until the clerk chooses.
 */
export function ConflictDialog({ resource, conflict, read, columns, referenceNames, onReload, onReapply, onClose }: Props) {
  const translate = useTranslate();
  const yesNo = { yes: translate('hub.grid.yes'), no: translate('hub.grid.no') };
  const { data: latest, isPending, error } = useGetOne<SheetRecord>(resource, { id: conflict.change.id }, { staleTime: 0, gcTime: 0 });

  const show = (field: GridField, record: SheetRecord | undefined) =>
    record === undefined
      ? ''
      : field.kind === 'reference'
        ? referenceNames(field, record)
        : displayText(field, record[field.source], yesNo);
  const rows = columns.filter((field) => {
    if (field.input in conflict.change.patch) return true;
    return read && latest && show(field, read) !== show(field, latest);
  });
  const title = read
    ? String(
        columns
          .slice(0, 2)
          .map((f) => show(f, read))
          .filter(Boolean)
          .join(' '),
      )
    : String(conflict.change.id);

  return (
    <Dialog open maxWidth="md" fullWidth onClose={onClose} data-testid="conflict-dialog">
      <DialogTitle>{translate('hub.grid.conflict_title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('hub.grid.conflict_intro', { record: title, version: latest?.version ?? conflict.currentVersion })}
        </Alert>
        {error ? <Alert severity="error">{String((error as Error).message)}</Alert> : null}
        <SmallTable titles={['field', 'read', 'current', 'yours'].map((c) => translate(`hub.grid.conflict_${c}`))}>
          {rows.map((field) => {
            const mine = conflict.change.patch[field.input];
            return (
              <TableRow key={field.source}>
                <TableCell>{field.label}</TableCell>
                <TableCell>{show(field, read)}</TableCell>
                <TableCell sx={{ fontWeight: read && latest && show(field, read) !== show(field, latest) ? 700 : undefined }}>
                  {isPending ? '…' : show(field, latest)}
                </TableCell>
                <TableCell>{field.input in conflict.change.patch ? String(mine ?? '') : ''}</TableCell>
              </TableRow>
            );
          })}
        </SmallTable>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('hub.grid.conflict_later')}</Button>
        <Button color="warning" onClick={onReload}>
          {translate('hub.grid.conflict_reload')}
        </Button>
        <Button variant="contained" disabled={!latest} onClick={() => latest && onReapply(latest)}>
          {translate('hub.grid.conflict_reapply')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
