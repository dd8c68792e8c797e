import { Admin, Resource } from 'react-admin';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import { AppTitle, Layout, LoginPage } from './layout';
import { store } from './store';
import { RESOURCES } from './resources/areas';
import { lightTheme } from './theme';

/**
 * The admin shell. Resources come one folder each (src/<resource>/index.ts, see resourceModule.ts), listed
 * by area in resources/areas.ts; every one is registered, and the menu shows what the role can use.
 */
export const App = () => (
  <Admin
    title={<AppTitle />}
    authProvider={authProvider}
    dataProvider={dataProvider}
    i18nProvider={i18nProvider}
    store={store}
    theme={lightTheme}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    {RESOURCES.map(({ name, module }) => (
      <Resource key={name} name={name} {...module} />
    ))}
  </Admin>
);
