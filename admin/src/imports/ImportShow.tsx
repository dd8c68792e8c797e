import DownloadIcon from '@mui/icons-material/Download';
import ReplayIcon from '@mui/icons-material/Replay';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, TableCell, TableRow, Typography } from '@mui/material';
import { Link, Title, useGetOne, useTranslate } from 'react-admin';
import { requestLanguage } from '../graphql';
import { useParams } from 'react-router';
import { markedWorkbookUrl, PROBLEMS_SHOWN, RUNNING, type ImportJobRecord } from '../dataProvider';
import { fileSize, Panel, StatusChip, useDateTime, useListName } from './parts';
import { ProblemsTable } from './ProblemsTable';
import { AppliedPanel, ConfirmPanel } from './JobActions';
import { SmallTable } from '../SmallTable';

/** Written, then perhaps undone: the job's problems, if any, are the conflicts of a refused undo. */
const DONE = new Set(['APPLIED', 'UNDOING', 'UNDONE']);

/** How often the page asks for a running job's progress. */
const POLL_MS = 800;

/**
 * One import job (/imports/<id>/show): the page the upload lands on and the one 导入记录 reopens, so a
 * closed tab loses nothing. It follows the job while the hub works (progress), then shows what the file would
 * do (counts, problems, members it lacks) and offers 确认导入, or, once applied, 撤销导入.
 */
export const ImportShow = () => {
  const { id } = useParams<{ id: string }>();
  const translate = useTranslate();
  // The request language is part of the query: the hub words problems and record types in it. Not the
  // locale store's value: that changes (and the page would ask again) before the requests follow it.
  const {
    data: job,
    error,
    refetch,
  } = useGetOne<ImportJobRecord>(
    'imports',
    { id: id!, meta: { language: requestLanguage() } },
    { refetchInterval: (query) => (query.state.data && RUNNING.has(query.state.data.status) ? POLL_MS : false) },
  );
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!job) return <LinearProgress sx={{ mt: 2 }} />;
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4, maxWidth: 1200 }} data-testid="import-job" data-status={job.status}>
      <Title title={translate('hub.imports.job_title', { file: job.fileName })} />
      <Header job={job} />
      <Progress job={job} />
      {job.status === 'FAILED' ? <Alert severity="error">{translate('hub.imports.failed', { failure: job.failure ?? '' })}</Alert> : null}
      {job.problemCount && !DONE.has(job.status) ? <Problems job={job} /> : null}
      {job.counts.length ? <Counts job={job} /> : null}
      {job.status === 'PREVIEWED' && !job.problemCount ? <ConfirmPanel job={job} onDone={() => void refetch()} /> : null}
      {DONE.has(job.status) ? <AppliedPanel job={job} onDone={() => void refetch()} /> : null}
    </Stack>
  );
};

function Header({ job }: { job: ImportJobRecord }) {
  const translate = useTranslate();
  const at = useDateTime();
  const listName = useListName();
  const facts: [string, string][] = [
    ['list', listName(job.list)],
    ['kind', translate(`hub.imports.kind.${job.kind}`)],
    ['createdBy', job.createdBy],
    ['createdAt', at(job.createdAt)],
    ['fileSize', fileSize(job.fileSize)],
    ...(job.dataDate ? [['dataDate', job.dataDate] as [string, string]] : []),
  ];
  return (
    <Panel>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1.5 }}>
        <UploadFileIcon color="primary" />
        <Typography variant="h6" sx={{ wordBreak: 'break-all' }}>
          {job.fileName}
        </Typography>
        <StatusChip status={job.status} size="medium" />
      </Stack>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(6, auto)' },
          columnGap: 4,
          rowGap: 1,
          justifyContent: 'start',
        }}
      >
        {facts.map(([key, value]) => (
          <Box key={key}>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate(`hub.imports.fields.${key}`)}
            </Typography>
            <Typography variant="body2">{value}</Typography>
          </Box>
        ))}
      </Box>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1.5, fontFamily: 'monospace' }}>
        SHA-256 {job.fileSha256}
      </Typography>
    </Panel>
  );
}

/** Bars as the hub reports its work: rows read from the file, checked, written; once done, what it came to. */
function Progress({ job }: { job: ImportJobRecord }) {
  const translate = useTranslate();
  const { rowsRead, rowsChecked, rowsWritten } = job.progress;
  // the total is known once the file is read; a finished job's bars are full whatever it says
  const rowsTotal = job.progress.rowsTotal ?? (RUNNING.has(job.status) ? null : rowsRead);
  // an undo's progress counts the records it puts back
  const bars: [string, number][] =
    job.status === 'UNDOING'
      ? [['undone', rowsWritten]]
      : [
          ['read', rowsRead],
          ['checked', rowsChecked],
          ...(['WRITING', 'APPLIED', 'UNDONE'].includes(job.status) ? [['written', rowsWritten] as [string, number]] : []),
        ];
  return (
    <Panel data-testid="import-progress">
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate('hub.imports.progress.title')}
      </Typography>
      <Stack spacing={1.5}>
        {bars.map(([key, count]) => (
          <Box key={key}>
            <Typography variant="body2" sx={{ mb: 0.5 }}>
              {rowsTotal
                ? translate(`hub.imports.progress.${key}_of`, { count: count.toLocaleString(), total: rowsTotal.toLocaleString() })
                : translate(`hub.imports.progress.${key}`, { count: count.toLocaleString() })}
            </Typography>
            <LinearProgress
              variant={rowsTotal ? 'determinate' : 'indeterminate'}
              value={rowsTotal ? Math.min(100, (100 * count) / rowsTotal) : undefined}
            />
          </Box>
        ))}
      </Stack>
      {RUNNING.has(job.status) ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {translate('hub.imports.progress.background')}
        </Typography>
      ) : null}
    </Panel>
  );
}

function Problems({ job }: { job: ImportJobRecord }) {
  const translate = useTranslate();
  const problems = job.problems ?? [];
  return (
    <Panel>
      <Alert
        severity="error"
        sx={{ mb: 2 }}
        action={
          <Stack direction="row" spacing={1}>
            {problems.some((p) => p.row > 0) ? (
              <Button color="inherit" size="small" startIcon={<DownloadIcon />} href={markedWorkbookUrl(job.id)} download>
                {translate('hub.imports.problems.download')}
              </Button>
            ) : null}
            <Button
              color="inherit"
              size="small"
              startIcon={<ReplayIcon />}
              component={Link}
              to={`/imports/create?list=${encodeURIComponent(job.list)}`}
            >
              {translate('hub.imports.problems.again')}
            </Button>
          </Stack>
        }
      >
        <AlertTitle>{translate('hub.imports.problems.title', { count: job.problemCount })}</AlertTitle>
        {translate('hub.imports.problems.intro', { count: job.problemCount })}
        {job.problemCount > problems.length
          ? ` ${translate('hub.imports.problems.first_shown', { shown: Math.min(PROBLEMS_SHOWN, problems.length) })}`
          : ''}
      </Alert>
      <ProblemsTable problems={problems} />
    </Panel>
  );
}

function Counts({ job }: { job: ImportJobRecord }) {
  const translate = useTranslate();
  type Column = 'created' | 'updated' | 'unchanged' | 'deleted';
  const columns: Column[] = [
    'created',
    'updated',
    'unchanged',
    ...(job.deleteMissing || job.counts.some((c) => c.deleted) ? (['deleted'] as const) : []),
  ];
  return (
    <Panel>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate(DONE.has(job.status) ? 'hub.imports.counts.title_applied' : 'hub.imports.counts.title')}
      </Typography>
      <SmallTable
        titles={['recordType', ...columns].map((c) => translate(`hub.imports.counts.${c}`))}
        figuresFrom={1}
        data-testid="import-counts"
        sx={{ maxWidth: 640 }}
      >
        {job.counts.map((count) => (
          <TableRow key={count.recordType} data-record-type={count.recordType}>
            <TableCell>{count.label}</TableCell>
            {columns.map((c) => (
              <TableCell
                key={c}
                align="right"
                data-count={c}
                sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: count[c] && c !== 'unchanged' ? 600 : undefined }}
              >
                {count[c].toLocaleString()}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </SmallTable>
    </Panel>
  );
}
