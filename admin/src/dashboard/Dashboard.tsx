import { Alert, Card, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import { Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import type { Role } from '../authProvider';

/** The home page. For now it greets the signed-in user; the county's figures come with the analytics. */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity, isPending, error } = useGetIdentity();
  const { permissions: role } = usePermissions<Role | undefined>();

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      <CardContent>
        <Stack spacing={1}>
          {isPending ? (
            <Skeleton variant="text" width={240} sx={{ fontSize: '1.5rem' }} />
          ) : error || !identity ? (
            <Alert severity="warning">{translate('ra.message.auth_error')}</Alert>
          ) : (
            <Typography variant="h5" component="h2">
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
  );
};
