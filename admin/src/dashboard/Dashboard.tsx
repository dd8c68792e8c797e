import { Alert, Box, Card, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import { Suspense, lazy } from 'react';
import { Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import type { Role } from '../authProvider';

// The cards and the charting library load after the greeting, so the login page and the shell stay light.
const Figures = lazy(() => import('./Figures'));

/** The home page: a greeting, then the figures the signed-in role may see (see Figures.tsx). */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity, isPending, error } = useGetIdentity();
  const { permissions: role } = usePermissions<Role | undefined>();

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack spacing={1}>
            {isPending ? (
              <Skeleton variant="text" width={240} sx={{ fontSize: '1.5rem' }} />
            ) : error || !identity ? (
              <Alert severity="warning">{translate('ra.message.auth_error')}</Alert>
            ) : (
              <Typography variant="h5" component="h1">
                {translate('hub.dashboard.greeting', { name: identity.fullName ?? '' })}
              </Typography>
            )}
            {role ? (
              <Typography color="text.secondary">
                {translate('hub.dashboard.role', { role: translate(`hub.roles.${role}`, { _: role }) })}
              </Typography>
            ) : null}
            <Typography variant="body2">{translate('hub.dashboard.intro')}</Typography>
          </Stack>
        </CardContent>
      </Card>
      <Suspense fallback={<Skeleton variant="rounded" height={320} />}>
        <Figures />
      </Suspense>
    </Box>
  );
};
