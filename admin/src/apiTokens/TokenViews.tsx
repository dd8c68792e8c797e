import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useState } from 'react';
import {
  BooleanField,
  Create,
  DataTable,
  DateField,
  DeleteButton,
  List,
  NumberInput,
  SimpleForm,
  TextInput,
  required,
  useRedirect,
  type RaRecord,
  useTranslate,
} from 'react-admin';

export const TokenList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="username" />
      <DataTable.Col source="active">
        <BooleanField source="active" />
      </DataTable.Col>
      <DataTable.Col source="createdAt">
        <DateField source="createdAt" showTime />
      </DataTable.Col>
      <DataTable.Col source="expiresAt">
        <DateField source="expiresAt" />
      </DataTable.Col>
      <DataTable.Col source="lastUsedAt">
        <DateField source="lastUsedAt" showTime emptyText="—" />
      </DataTable.Col>
      <DataTable.Col label="" disableSort>
        {/* revoking is the delete of a token: the hub keeps it, marked revoked */}
        <DeleteButton
          label="hub.tokens.revoke"
          mutationMode="pessimistic"
          redirect={false}
          confirmTitle="hub.tokens.revoke_title"
          confirmContent="hub.tokens.revoke_content"
        />
      </DataTable.Col>
    </DataTable>
  </List>
);

/** Creates a token and shows it this once: the hub keeps only its hash. */
export const TokenCreate = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const [token, setToken] = useState<string | null>(null);
  return (
    <>
      <Create
        mutationOptions={{ onSuccess: (data: RaRecord) => setToken(typeof data.token === 'string' ? data.token : null) }}
        redirect={false}
      >
        <SimpleForm defaultValues={{ expiresInDays: 90 }}>
          <TextInput source="name" validate={required()} />
          <TextInput source="username" helperText="hub.tokens.username_help" />
          <NumberInput source="expiresInDays" min={1} max={365} />
        </SimpleForm>
      </Create>
      <Dialog open={token !== null} aria-labelledby="token-title">
        <DialogTitle id="token-title">{translate('hub.tokens.created')}</DialogTitle>
        <DialogContent>
          <Alert severity="warning" sx={{ mb: 2 }}>
            {translate('hub.tokens.shown_once')}
          </Alert>
          <Typography component="code" data-testid="new-token" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}>
            {token}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => void navigator.clipboard?.writeText(token ?? '')}>{translate('hub.tokens.copy')}</Button>
          <Button
            variant="contained"
            onClick={() => {
              setToken(null);
              redirect('list', 'apiTokens');
            }}
          >
            {translate('ra.action.close')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
