export { AppTitle } from './AppTitle';
export { Layout } from './Layout';
export { LoginPage } from './LoginPage';
