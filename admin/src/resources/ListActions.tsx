import DownloadIcon from '@mui/icons-material/Download';
import UploadIcon from '@mui/icons-material/Upload';
import type { ReactElement } from 'react';
import {
  Button,
  CreateButton,
  FilterButton,
  Link,
  TopToolbar,
  useDataProvider,
  useListContext,
  useLocaleState,
  useNotify,
  useResourceContext,
} from 'react-admin';
import type { HubDataProvider } from '../dataProvider';
import { useChosenColumns } from '../grid/useColumnPrefs';
import { useAccessTo } from './access';

/**
 * 导出: the list as it is filtered, as an Excel file the hub writes (scope, masking and the audit entry are
 * the hub's, so no export leaves unrecorded; react-admin's own CSV export in the browser would bypass that),
 * with the grid's visible columns in its order and labels in the UI's language.
 */
function ExportListButton({ columns }: { columns: readonly string[] }) {
  const dataProvider = useDataProvider<HubDataProvider>();
  const { resource, filterValues, total } = useListContext();
  const notify = useNotify();
  const chosen = useChosenColumns(resource);
  const [locale] = useLocaleState();
  return (
    <Button
      label="ra.action.export"
      disabled={!total}
      onClick={() => {
        dataProvider
          .exportUrl(resource, {
            filter: filterValues,
            format: 'xlsx',
            locale: locale.startsWith('en') ? 'en' : 'zh',
            columns: chosen() ?? columns,
          })
          .then((url) => {
            window.location.assign(url);
          })
          .catch((error: unknown) => notify((error as Error).message, { type: 'error' }));
      }}
    >
      <DownloadIcon />
    </Button>
  );
}

/**
 * Every list's toolbar: add a filter, create (for those who may), export, import (导入, for those who may).
 * `columns`: the grid's default columns, which its export follows until the user chooses others.
 */
export function ListActions({ filters, columns }: { filters: readonly ReactElement[]; columns: readonly string[] }) {
  const resource = useResourceContext() ?? '';
  const access = useAccessTo(resource);
  return (
    <TopToolbar>
      {filters.length ? <FilterButton /> : null}
      {access.create ? <CreateButton /> : null}
      <ExportListButton columns={columns} />
      {access.import ? (
        <Button label="hub.imports.import" component={Link} to={`/imports/create?list=${encodeURIComponent(resource)}`}>
          <UploadIcon />
        </Button>
      ) : null}
    </TopToolbar>
  );
}
