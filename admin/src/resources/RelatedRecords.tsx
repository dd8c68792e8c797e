import { Card, CardContent, Stack, Typography } from '@mui/material';
import { CreateButton, Pagination, ReferenceManyField, useRecordContext, useTranslate } from 'react-admin';
import { useLabel, useResourceSchema } from '../dataProvider';
import { useAccessTo } from './access';
import { SchemaTable } from './fieldElements';

/**
 * The records that point at this one (a household's members, a pairing's visit logs), as a small table on
 * its show view, with a button to add one already linked.
 */
export const RelatedRecords = ({
  resource,
  target,
  columns,
  sort,
}: {
  resource: string;
  target: string;
  columns: string[];
  sort?: { field: string; order: 'ASC' | 'DESC' };
}) => {
  const record = useRecordContext();
  const schema = useResourceSchema(resource);
  const labelOf = useLabel();
  const translate = useTranslate();
  const mayCreate = useAccessTo(resource).create;
  if (!record || !schema) return null;
  const fields = columns.map((name) => schema.fields.find((f) => f.name === name)).filter((f) => !!f);
  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={translate(`resources.${resource}.name`, { smart_count: 2 })}>
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <Typography variant="h6" component="h2">
            {translate(`resources.${resource}.name`, { smart_count: 2 })}
          </Typography>
          {mayCreate ? <CreateButton resource={resource} state={{ record: { [target]: record.id } }} /> : null}
        </Stack>
        <ReferenceManyField
          reference={resource}
          target={target}
          perPage={20}
          sort={sort}
          pagination={<Pagination rowsPerPageOptions={[20]} />}
        >
          <SchemaTable fields={fields} labelOf={labelOf} />
        </ReferenceManyField>
      </CardContent>
    </Card>
  );
};
