import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal } from 'react-admin';
import { useRestShown } from '../grid/gridFirst';
import { AppTitle } from './AppTitle';

/**
 * react-admin's app bar (its default toolbar already holds the language menu, since two locales are
 * offered) with the hub's name before the page title; on phones only the page title is kept. On a page loaded
 * on a list, the language and user menus come once the grid has drawn its first rows (grid/gridFirst.ts).
 */
export const AppBar = () => {
  const shown = useRestShown();
  return (
    <RaAppBar toolbar={shown ? undefined : null} userMenu={shown}>
      <Typography variant="h6" component="span" sx={{ display: { xs: 'none', md: 'block' }, whiteSpace: 'nowrap', mr: 1 }}>
        <AppTitle />
      </Typography>
      <Box component="span" sx={{ display: { xs: 'none', md: 'block' }, mr: 1, opacity: 0.6 }} aria-hidden>
        ·
      </Box>
      <TitlePortal />
    </RaAppBar>
  );
};
