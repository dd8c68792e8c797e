import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useHubSchema } from '../dataProvider';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => {
  // Read the record types' metadata and permissions as soon as someone is signed in, beside whatever the
  // first page reads, so the first list or grid opened does not wait for it (once a sign-in; dataProvider/schema.ts).
  useHubSchema();
  return (
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
};
