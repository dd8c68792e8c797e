import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import type { HubResource } from '../resources/generic';
import { UserCreate, UserEdit, UserList } from './UserViews';

/** 用户: accounts, their roles and scopes (administrators only) */
const users: HubResource = {
  name: 'users',
  icon: ManageAccountsIcon,
  module: { list: UserList, create: UserCreate, edit: UserEdit, icon: ManageAccountsIcon, recordRepresentation: 'displayName' },
};
export default users;
