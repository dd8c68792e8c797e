import { Admin, CustomRoutes } from 'react-admin';
import { Route } from 'react-router';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard';
import { i18nProvider } from './i18n/i18nProvider';
import { AppTitle, Layout, LoginPage } from './layout';
import { store } from './store';
import { lightTheme } from './theme';

/**
 * The admin shell. Resources arrive one folder each (src/<resource>/index.ts, see resourceModule.ts) as
 * `<Resource name="…" {...module} />` children below; the data provider comes with the first of them.
 */
export const App = () => (
  <Admin
    title={<AppTitle />}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    store={store}
    theme={lightTheme}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    {/*
      While an <Admin> has neither a <Resource> nor <CustomRoutes>, react-admin shows its "ready" welcome
      screen instead of the app. This route renders the same dashboard react-admin mounts at "/", so which of
      the two matches makes no difference. Remove it with the first <Resource>.
    */}
    <CustomRoutes>
      <Route path="/" element={<Dashboard />} />
    </CustomRoutes>
  </Admin>
);
