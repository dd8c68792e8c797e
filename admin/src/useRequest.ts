import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import type { HubDataProvider } from './dataProvider';

/**
 * A button's request to the hub (confirm an import, reveal an ID number, reset a password): busy while it
 * runs, its failure shown as a notice in the UI's language, `then` run however it ended.
 */
export function useRequest(): [
  busy: boolean,
  request: (work: (hub: HubDataProvider) => Promise<unknown>, then?: () => void) => Promise<void>,
] {
  const notify = useNotify();
  const dataProvider = useDataProvider<HubDataProvider>();
  const [busy, setBusy] = useState(false);
  const request = async (work: (hub: HubDataProvider) => Promise<unknown>, then?: () => void) => {
    setBusy(true);
    try {
      await work(dataProvider);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
      then?.();
    }
  };
  return [busy, request];
}
