import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useHubSchema } from '../dataProvider';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => {
  // Read the schema metadata as soon as someone is signed in, so the first list or grid opened does not
  // wait for it (it is read once a session; see dataProvider/hooks.ts).
  useHubSchema();
  return (
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
};
