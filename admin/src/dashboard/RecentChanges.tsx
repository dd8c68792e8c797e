import { Chip, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useCodeLabels, useFormat, useHubQuery } from './data';
import { FigureCard, FigureTable } from './FigureCard';
import { RECENT_CHANGES } from './queries';

interface Change {
  at: string;
  actorName: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  recordType: string;
  recordId: string | null;
  changedFields: string[];
}

const OPERATION_COLOR = { CREATE: 'success', UPDATE: 'info', DELETE: 'error' } as const;

/** The latest edits the reader may see (a clerk: her township's), newest first: who changed what, when. */
export const RecentChangesCard = ({ subheader }: { subheader: string }) => {
  const translate = useTranslate();
  const format = useFormat();
  const label = useCodeLabels();
  const result = useHubQuery<{ recentChanges: Change[] }>(['recent'], RECENT_CHANGES, { first: 10 });
  const rows = result.data?.recentChanges ?? [];

  const table = () => (
    <FigureTable
      rows={rows}
      empty={translate('hub.dashboard.recent.none')}
      rowKey={(c) => `${c.at}-${c.recordId}-${c.operation}`}
      columns={[
        { label: translate('hub.dashboard.recent.at'), value: (c) => format.dateTime(c.at), nowrap: true },
        { label: translate('hub.dashboard.recent.who'), value: (c) => c.actorName },
        {
          label: translate('hub.dashboard.recent.operation'),
          value: (c) => (
            <Chip
              size="small"
              variant="outlined"
              color={OPERATION_COLOR[c.operation]}
              label={translate(`hub.dashboard.recent.operations.${c.operation}`)}
            />
          ),
        },
        { label: translate('hub.dashboard.recent.record'), value: (c) => label('RecordType', c.recordType) },
        {
          label: translate('hub.dashboard.recent.fields'),
          value: (c) =>
            c.changedFields.length > 3 ? (
              <Tooltip title={c.changedFields.join(', ')}>
                <span>{`${c.changedFields.slice(0, 3).join(', ')} …`}</span>
              </Tooltip>
            ) : (
              c.changedFields.join(', ')
            ),
        },
      ]}
    />
  );

  return (
    <FigureCard id="recent-changes" title={translate('hub.dashboard.recent.title')} subheader={subheader} data={result} table={table} />
  );
};
