/** What a clerk does with an import job once the hub has read it: confirm a clean preview, or undo an applied import. */
import UndoIcon from '@mui/icons-material/Undo';
import { Alert, Box, Button, Checkbox, Chip, FormControlLabel, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Confirm, Link, useNotify, useTranslate } from 'react-admin';
import type { ImportJobRecord } from '../dataProvider';
import { useRequest } from '../useRequest';
import { Panel, useDateTime, useListName } from './parts';
import { ProblemsTable } from './ProblemsTable';

/** A clean preview: the members the file lacks, whether to delete them, and 确认导入. */
export function ConfirmPanel({ job, onDone }: { job: ImportJobRecord; onDone(): void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [deleteMissing, setDeleteMissing] = useState(job.deleteMissing);
  const [busy, request] = useRequest();
  const missing = job.missing ?? [];
  const confirm = () =>
    request(async (hub) => {
      const done = await hub.confirmImport(job.id, { deleteMissing });
      if (done.status === 'APPLIED') notify('hub.imports.confirmed', { type: 'success' });
      onDone();
    });
  return (
    <Panel>
      <Stack spacing={2}>
        <Alert severity="success">{translate('hub.imports.ready')}</Alert>
        {missing.length ? (
          <Box data-testid="import-missing">
            <Typography variant="subtitle1">{translate('hub.imports.missing.title', { count: missing.length })}</Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('hub.imports.missing.intro')} {translate('hub.imports.missing.kept')}
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 1, maxHeight: 160, overflow: 'auto' }}>
              {missing.map((record) => (
                <Chip key={record.id} label={record.label} size="small" variant="outlined" />
              ))}
            </Box>
            <FormControlLabel
              sx={{ mt: 1 }}
              control={<Checkbox checked={deleteMissing} onChange={(event) => setDeleteMissing(event.target.checked)} />}
              label={translate('hub.imports.delete_missing')}
            />
          </Box>
        ) : null}
        <Box>
          <Button variant="contained" size="large" onClick={() => void confirm()} disabled={busy}>
            {translate(busy ? 'hub.imports.confirming' : 'hub.imports.confirm')}
          </Button>
        </Box>
      </Stack>
    </Panel>
  );
}

/**
 * Applied: a link to the list, and 撤销导入 (UndoButton). An undo the hub refused, because records were edited since
 * the import, leaves the job applied with those records as its problems (CONFLICT), listed here.
 */
export function AppliedPanel({ job, onDone }: { job: ImportJobRecord; onDone(): void }) {
  const translate = useTranslate();
  const at = useDateTime();
  const listName = useListName();
  if (job.status === 'UNDONE') return <Alert severity="info">{translate('hub.imports.undone', { at: at(job.undoneAt) })}</Alert>;
  return (
    <Panel>
      <Stack spacing={2}>
        <Alert severity="success">{translate('hub.imports.applied', { at: at(job.finishedAt) })}</Alert>
        {job.problemCount ? (
          <Box data-testid="import-undo-conflicts">
            <Alert severity="warning" sx={{ mb: 1 }}>
              {translate('hub.imports.conflicts', { count: job.problemCount })}
            </Alert>
            <ProblemsTable problems={job.problems ?? []} />
          </Box>
        ) : null}
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" component={Link} to={`/${job.list}`}>
            {translate('hub.imports.open_list', { list: listName(job.list) })}
          </Button>
          <UndoButton job={job} onDone={onDone} />
        </Stack>
      </Stack>
    </Panel>
  );
}

/** 撤销导入, after a confirmation (the hub refuses whoever may not). */
function UndoButton({ job, onDone }: { job: ImportJobRecord; onDone(): void }) {
  const translate = useTranslate();
  const [asking, setAsking] = useState(false);
  const [busy, request] = useRequest();
  // the hub undoes in the background (UNDOING): the page follows it as it follows an import
  const undo = () =>
    request(
      (hub) => hub.undoImport(job.id),
      () => {
        setAsking(false);
        onDone();
      },
    );
  return (
    <>
      <Button
        variant="outlined"
        color="warning"
        startIcon={<UndoIcon />}
        onClick={() => setAsking(true)}
        disabled={busy || job.status === 'UNDOING'}
      >
        {translate('hub.imports.undo')}
      </Button>
      <Confirm
        isOpen={asking}
        loading={busy}
        title="hub.imports.undo_title"
        content="hub.imports.undo_content"
        confirm="hub.imports.undo"
        confirmColor="warning"
        onConfirm={() => void undo()}
        onClose={() => setAsking(false)}
      />
    </>
  );
}
