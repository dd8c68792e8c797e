import { Alert, Grid, MenuItem, Skeleton, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useCountyChoice, useDashboardScope, useFormat, useRecordPeriod, useScopeLabel, type Area } from './data';
import { FundsCard, ProjectsCard } from './MoneyCards';
import { PartnerTwinningCard } from './PartnerCards';
import { IncidenceByDivision, IncidenceByYear } from './PovertyCards';
import { TargetsCard, VillageBatchesCard } from './ProgressCards';
import { RecentChangesCard } from './RecentChanges';

/**
 * The dashboard's cards for the signed-in role. Every figure comes from the hub within the reader's scope
 * (a clerk's township, a partner's unit); the cards say whose figures they show. Loaded on its own (with the
 * charting library) after the greeting.
 */
const Figures = () => {
  const translate = useTranslate();
  const format = useFormat();
  const { scope, error, isPending } = useDashboardScope();
  const { period, error: periodError, isPending: periodPending } = useRecordPeriod();
  // a hub of several counties: all of them (the province's or prefecture's figures), or one chosen
  const counties = useCountyChoice(!!scope && scope.role !== 'CLERK' && scope.role !== 'PARTNER');
  const [countyId, setCountyId] = useState<string>('');
  const chosen = counties.find((c) => c.id === countyId);
  const hubAreas: Area[] = counties.length
    ? [{ id: null, kind: 'county', name: translate('hub.dashboard.scope.allCounties') }]
    : (scope?.areas ?? []);
  const areas: Area[] = chosen ? [{ id: chosen.id, kind: 'county', name: chosen.name }] : hubAreas;
  // the recent edits are all the reader may see, whichever county is chosen
  const scopeLabel = useScopeLabel(hubAreas);
  if (error || periodError)
    return <Alert severity="error">{translate('hub.dashboard.error', { message: (error ?? periodError)!.message })}</Alert>;
  if (isPending || periodPending || !scope || !period) return <Skeleton variant="rounded" height={320} />;
  // the day every figure is as of: the county's day of record (a report's date), or today
  const asOf = (
    <Grid size={12}>
      <Typography variant="subtitle1" component="p" role="status" aria-label={translate('hub.dashboard.asOf.label')}>
        {translate('hub.dashboard.asOf.text', { day: format.day(period.asOf) })}
      </Typography>
    </Grid>
  );

  if (scope.role === 'PARTNER') {
    return (
      <Grid container spacing={2}>
        {asOf}
        <Grid size={12}>
          <Alert severity="info">{translate('hub.dashboard.partner.noCounty')}</Alert>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <PartnerTwinningCard unit={scope.helperUnit?.name ?? null} />
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <RecentChangesCard subheader={`${translate('hub.dashboard.scope.unit')} · ${scope.helperUnit?.name ?? ''}`} />
        </Grid>
      </Grid>
    );
  }

  // a clerk with no division assigned yet has no figures to read
  if (!areas.length) return <Alert severity="info">{translate('hub.dashboard.noScope')}</Alert>;
  return (
    <Grid container spacing={2}>
      {asOf}
      {counties.length ? (
        <Grid size={12}>
          <TextField
            select
            size="small"
            label={translate('hub.dashboard.county')}
            value={countyId}
            onChange={(event) => setCountyId(event.target.value)}
            sx={{ minWidth: 200 }}
            slotProps={{ htmlInput: { 'data-testid': 'dashboard-county' } }}
          >
            <MenuItem value="">{translate('hub.dashboard.scope.allCounties')}</MenuItem>
            {counties.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      ) : null}
      <Grid size={{ xs: 12, lg: 6 }}>
        <IncidenceByYear areas={areas} period={period} />
      </Grid>
      <Grid size={{ xs: 12, lg: 6 }}>
        {/* targets and money are each county's: the chosen one's, or all the reader sees */}
        <TargetsCard areas={areas} period={period} />
      </Grid>
      <Grid size={{ xs: 12, lg: 6 }}>
        <IncidenceByDivision areas={areas} period={period} />
      </Grid>
      <Grid size={{ xs: 12, lg: 6 }}>
        <VillageBatchesCard areas={areas} />
      </Grid>
      <Grid size={12}>
        <FundsCard areas={areas} />
      </Grid>
      <Grid size={{ xs: 12, lg: 5 }}>
        <ProjectsCard areas={areas} />
      </Grid>
      <Grid size={{ xs: 12, lg: 7 }}>
        <RecentChangesCard subheader={scopeLabel} />
      </Grid>
    </Grid>
  );
};

export default Figures;
