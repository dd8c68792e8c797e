import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useState } from 'react';
import {
  BooleanField,
  BooleanInput,
  Create,
  DataTable,
  Edit,
  Form,
  FormDataConsumer,
  List,
  PasswordInput,
  ReferenceArrayField,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  SaveButton,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  minLength,
  required,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useRequest } from '../useRequest';
import { EnumField } from '../resources/fieldElements';
import { useCodeTable, useLabel } from '../dataProvider';

/** The four roles as dropdown choices, labelled from the hub's Role code table. */
function useRoleChoices() {
  const labelOf = useLabel();
  return useCodeTable('Role').map((e) => ({ id: e.value, name: labelOf(e) }));
}

const userFilters = [<SearchInput key="q" source="q" alwaysOn />];

export const UserList = () => (
  <List filters={userFilters} sort={{ field: 'username', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="username" />
      <DataTable.Col source="displayName" />
      <DataTable.Col source="role">
        <EnumField source="role" enumName="Role" />
      </DataTable.Col>
      <DataTable.Col source="townshipIds" disableSort>
        <ReferenceArrayField source="townshipIds" reference="townships" />
      </DataTable.Col>
      <DataTable.Col source="helperUnitId" disableSort>
        <ReferenceField source="helperUnitId" reference="helperUnits" link={false} emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="disabled">
        <BooleanField source="disabled" />
      </DataTable.Col>
    </DataTable>
  </List>
);

/**
 * A clerk's scope is townships or villages, a partner's its unit; an administrator or analyst may be given
 * counties (a county's administrator or analyst; none: the whole hub).
 */
const ScopeInputs = () => (
  <FormDataConsumer>
    {({ formData }) =>
      formData.role === 'CLERK' ? (
        <>
          <ReferenceArrayInput source="townshipIds" reference="townships">
            <AutocompleteArrayInput filterToQuery={(q: string) => ({ q })} />
          </ReferenceArrayInput>
          <ReferenceArrayInput source="villageIds" reference="villages">
            <AutocompleteArrayInput filterToQuery={(q: string) => ({ q })} />
          </ReferenceArrayInput>
        </>
      ) : formData.role === 'PARTNER' ? (
        <ReferenceInput source="helperUnitId" reference="helperUnits">
          <AutocompleteInput filterToQuery={(q: string) => ({ q })} validate={required()} />
        </ReferenceInput>
      ) : formData.role === 'ADMIN' || formData.role === 'ANALYST' ? (
        <ReferenceArrayInput source="countyIds" reference="counties">
          <AutocompleteArrayInput />
        </ReferenceArrayInput>
      ) : null
    }
  </FormDataConsumer>
);

export const UserCreate = () => {
  const roles = useRoleChoices();
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="username" validate={required()} />
        <TextInput source="displayName" validate={required()} />
        <PasswordInput source="password" validate={required()} autoComplete="new-password" />
        <SelectInput source="role" choices={roles} validate={required()} />
        <ScopeInputs />
      </SimpleForm>
    </Create>
  );
};

/** An administrator sets a new password for a user who forgot theirs (react-admin's own form: the same
 * password input and validation as the create form). */
const ResetPasswordButton = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const [, request] = useRequest();
  const [open, setOpen] = useState(false);
  if (!record) return null;
  const save = (values: Record<string, unknown>) =>
    request(async (hub) => {
      await hub.resetPassword(record.id, String(values.password));
      notify('hub.users.password_reset', { type: 'success' });
      setOpen(false);
    });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{translate('hub.users.reset_password')}</Button>
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{translate('hub.users.reset_password')}</DialogTitle>
        <Form record={{ password: '' }} onSubmit={save}>
          <DialogContent>
            <PasswordInput
              source="password"
              label="hub.users.new_password"
              validate={[required(), minLength(10)]}
              autoComplete="new-password"
              autoFocus
              fullWidth
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
            <SaveButton />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};

export const UserEdit = () => {
  const roles = useRoleChoices();
  return (
    <Edit
      mutationMode="pessimistic"
      actions={
        <TopToolbar>
          <ResetPasswordButton />
        </TopToolbar>
      }
    >
      <SimpleForm>
        <TextField source="username" />
        <TextInput source="displayName" validate={required()} />
        <SelectInput source="role" choices={roles} validate={required()} />
        <ScopeInputs />
        <BooleanInput source="disabled" />
      </SimpleForm>
    </Edit>
  );
};
