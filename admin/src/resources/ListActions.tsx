import DownloadIcon from '@mui/icons-material/Download';
import UploadIcon from '@mui/icons-material/Upload';
import type { ReactElement } from 'react';
import { Button, CreateButton, FilterButton, Link, TopToolbar, useDataProvider, useListContext, useNotify, useResourceContext } from 'react-admin';
import type { HubDataProvider } from '../dataProvider';
import { canImport, canWrite, useRole } from './access';

/**
 * 导出: the list as it is filtered, as an Excel file the hub writes (scope, masking and the audit entry are
 * the hub's, so no export leaves unrecorded; react-admin's own CSV export in the browser would bypass that).
 */
function ExportListButton() {
  const dataProvider = useDataProvider<HubDataProvider>();
  const { resource, filterValues, total } = useListContext();
  const notify = useNotify();
  return (
    <Button
      label="ra.action.export"
      disabled={!total}
      onClick={() => {
        dataProvider
          .exportUrl(resource, { filter: filterValues, format: 'xlsx' })
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

/** Every list's toolbar, the grid's and the plain list's: add a filter, create (for those who may), export, import (导入, for those who may). */
export function ListActions({ filters }: { filters: readonly ReactElement[] }) {
  const role = useRole();
  const resource = useResourceContext() ?? '';
  return (
    <TopToolbar>
      {filters.length ? <FilterButton /> : null}
      {canWrite(role, resource) ? <CreateButton /> : null}
      <ExportListButton />
      {canImport(role, resource) ? (
        <Button label="hub.imports.import" component={Link} to={`/imports/create?list=${encodeURIComponent(resource)}`}>
          <UploadIcon />
        </Button>
      ) : null}
    </TopToolbar>
  );
}
