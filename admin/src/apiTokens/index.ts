import KeyIcon from '@mui/icons-material/Key';
import type { HubResource } from '../resources/generic';
import { TokenCreate, TokenList } from './TokenViews';

/** API 令牌: bearer tokens for scripts and partner systems, shown once, revocable */
const apiTokens: HubResource = {
  name: 'apiTokens',
  icon: KeyIcon,
  module: { list: TokenList, create: TokenCreate, icon: KeyIcon, recordRepresentation: 'name' },
};
export default apiTokens;
