import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useLocation } from 'react-router';
import { useHubSchema } from '../dataProvider';
import { useNoGridNoWait } from '../grid/gridFirst';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => {
  // Read the record types' metadata and permissions as soon as someone is signed in, beside whatever the
  // first page reads, so the first list or grid opened does not wait for it (once a sign-in; dataProvider/schema.ts).
  const { schema, error } = useHubSchema();
  // what waits for a grid's first rows does not wait where there is no grid (grid/gridFirst.ts)
  useNoGridNoWait(useLocation().pathname, schema?.resources, !!error);
  return (
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
};
