import { Box, Typography } from '@mui/material';
import { LocalesMenuButton, Login, LoginForm } from 'react-admin';
import { AppTitle } from './AppTitle';

/**
 * react-admin's login page and form (labels from the catalogue: 用户名 / 密码 / 登录), with the hub's name
 * above and the language menu below, so a visitor can switch before signing in.
 */
export const LoginPage = () => (
  <Login>
    {/* as wide as the form (300px), so a longer English title wraps instead of widening the card */}
    <Typography component="h1" variant="h6" align="center" sx={{ px: 2, width: 300, boxSizing: 'border-box' }}>
      <AppTitle />
    </Typography>
    <LoginForm />
    <Box sx={{ display: 'flex', justifyContent: 'center', pb: 1 }}>
      <LocalesMenuButton />
    </Box>
  </Login>
);
