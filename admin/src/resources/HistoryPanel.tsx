import { Alert, Box, Button, Card, CardContent, Skeleton, TableCell, TableRow, Typography } from '@mui/material';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ReferenceField, useDataProvider, useLocaleState, useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { SmallTable } from '../SmallTable';
import { useCodeTable, useLabel, useResourceSchema, type FieldSchema, type HistoryEntry, type HubDataProvider } from '../dataProvider';

/**
 * The audit log keeps a link as the row id it stored; the hub's global IDs are Relay's (base64 of
 * "Type:id"), so the linked record can be named as everywhere else.
 */
const LinkedValue = ({ field, value }: { field: FieldSchema; value: number }) => {
  const target = useResourceSchema(field.reference!);
  if (!target) return <>{value}</>;
  return (
    <ReferenceField
      record={{ id: value, [field.name]: btoa(`${target.typeName}:${value}`) }}
      source={field.name}
      reference={field.reference!}
      link={false}
    />
  );
};

/** A value as the audit log stored it, shown with the field's own labels where it has them. */
const Value = ({ field, value }: { field: FieldSchema | undefined; value: unknown }) => {
  const table = useCodeTable(field?.enumName);
  const [locale] = useLocaleState();
  const label = (v: unknown) => {
    const entry = table.find((e) => e.value === v);
    return entry ? (locale.startsWith('en') ? entry.en : entry.zh) : v === true ? '✓' : v === false ? '✗' : String(v);
  };
  if (value === null || value === undefined || value === '') return <>—</>;
  if (field?.kind === 'reference' && typeof value === 'number') return <LinkedValue field={field} value={value} />;
  if (Array.isArray(value)) return <>{value.map(label).join('、')}</>;
  return <>{label(value)}</>;
};

const Change = ({ entry, column, fields }: { entry: HistoryEntry; column: string; fields: FieldSchema[] }) => {
  const labelOf = useLabel();
  const field = fields.find((f) => f.name === column || f.graphqlName === column);
  return (
    <Box component="li" sx={{ listStyle: 'none' }}>
      <Typography component="span" variant="body2" sx={{ fontWeight: 500 }}>
        {field ? labelOf(field.label) : column}
      </Typography>
      {'：'}
      {entry.operation !== 'CREATE' ? (
        <>
          <Value field={field} value={entry.before?.[column]} /> →{' '}
        </>
      ) : null}
      <Value field={field} value={entry.after?.[column]} />
    </Box>
  );
};

/**
 * A record's history from the audit log (who, when, what changed, before → after), newest first, for the
 * show view of every record type. Values hidden from the reader (ID numbers, phones for analysts) come
 * masked from the hub.
 */
export const HistoryPanel = () => {
  const record = useRecordContext();
  const resource = useResourceContext()!;
  const schema = useResourceSchema(resource);
  const dataProvider = useDataProvider<HubDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteQuery({
    queryKey: [resource, 'history', record?.id, record?.version],
    queryFn: ({ pageParam }) =>
      dataProvider.getHistory(resource, { id: record!.id, first: 20, ...(pageParam ? { after: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
    enabled: !!record?.id,
  });
  const entries = data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={translate('hub.history.title')}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('hub.history.title')}
        </Typography>
        {isPending ? (
          <Skeleton variant="rectangular" height={80} />
        ) : error ? (
          <Alert severity="warning">{(error as Error).message}</Alert>
        ) : !entries.length ? (
          <Typography color="text.secondary">{translate('hub.history.empty')}</Typography>
        ) : (
          <SmallTable titles={['at', 'who', 'operation', 'changes'].map((c) => translate(`hub.history.${c}`))}>
            {entries.map((entry, i) => (
              <TableRow key={`${entry.at}-${i}`} data-testid="history-entry">
                <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{new Date(entry.at).toLocaleString(locale)}</TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>{entry.actorName}</TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>{translate(`hub.history.${entry.operation}`, { _: entry.operation })}</TableCell>
                <TableCell>
                  <Box component="ul" sx={{ m: 0, p: 0 }}>
                    {(entry.operation === 'UPDATE' ? entry.changedFields : []).map((column) => (
                      <Change key={column} entry={entry} column={column} fields={schema?.fields ?? []} />
                    ))}
                  </Box>
                </TableCell>
              </TableRow>
            ))}
          </SmallTable>
        )}
        {hasNextPage ? (
          <Button onClick={() => void fetchNextPage()} disabled={isFetchingNextPage} sx={{ mt: 1 }}>
            {translate('hub.history.more')}
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
};
