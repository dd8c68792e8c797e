import { Typography } from '@mui/material';
import { CreateButton, DataTable, List, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import type { ImportJobRecord } from '../dataProvider';
import { StatusChip, useCountsSummary, useDateTime, useListName } from './parts';

const Actions = () => (
  <TopToolbar>
    <CreateButton label="hub.imports.new" />
  </TopToolbar>
);

const Status = () => {
  const job = useRecordContext<ImportJobRecord>();
  return job ? <StatusChip status={job.status} /> : null;
};

const When = () => {
  const job = useRecordContext<ImportJobRecord>();
  const at = useDateTime();
  return <span>{at(job?.createdAt)}</span>;
};

const Into = () => {
  const job = useRecordContext<ImportJobRecord>();
  const listName = useListName();
  return <span>{job ? listName(job.list) : null}</span>;
};

const Counts = () => {
  const job = useRecordContext<ImportJobRecord>();
  const summary = useCountsSummary();
  return <span>{job ? summary(job.counts) : null}</span>;
};

const Problems = () => {
  const job = useRecordContext<ImportJobRecord>();
  if (!job) return null;
  return (
    <Typography variant="body2" color={job.problemCount ? 'error' : 'text.secondary'} component="span">
      {job.problemCount}
    </Typography>
  );
};

const Empty = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ p: 4, textAlign: 'center' }}>
      {translate('hub.imports.none')}
    </Typography>
  );
};

/**
 * 导入记录: the imports, newest first (an administrator sees every one, a clerk hers). A row opens the job's
 * page, which shows its state whether the import is still running, waits for confirmation or is done.
 */
export const ImportList = () => (
  <List actions={<Actions />} perPage={25} empty={<Empty />} title="hub.imports.history">
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="createdAt" label="hub.imports.fields.createdAt" disableSort>
        <When />
      </DataTable.Col>
      <DataTable.Col source="status" label="hub.imports.fields.status" disableSort>
        <Status />
      </DataTable.Col>
      <DataTable.Col source="list" label="hub.imports.fields.list" disableSort>
        <Into />
      </DataTable.Col>
      <DataTable.Col source="fileName" label="hub.imports.fields.fileName" disableSort />
      <DataTable.Col source="createdBy" label="hub.imports.fields.createdBy" disableSort />
      <DataTable.Col source="counts" label="hub.imports.fields.counts" disableSort>
        <Counts />
      </DataTable.Col>
      <DataTable.Col source="problemCount" label="hub.imports.fields.problemCount" disableSort align="right">
        <Problems />
      </DataTable.Col>
    </DataTable>
  </List>
);
