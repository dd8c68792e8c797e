import apiTokens from '../apiTokens';
import assistanceMeasures from '../assistanceMeasures';
import cadreHouseholdPairings from '../cadreHouseholdPairings';
import cadres from '../cadres';
import counties from '../counties';
import disbursements from '../disbursements';
import fundAllocations from '../fundAllocations';
import fundSources from '../fundSources';
import helperUnits from '../helperUnits';
import householdIncomes from '../householdIncomes';
import imports from '../imports';
import households from '../households';
import members from '../members';
import povertyLines from '../povertyLines';
import projectBeneficiaries from '../projectBeneficiaries';
import projects from '../projects';
import projectSites from '../projectSites';
import publishedIndicators from '../publishedIndicators';
import targets from '../targets';
import townships from '../townships';
import unitVillagePairings from '../unitVillagePairings';
import users from '../users';
import villageGroups from '../villageGroups';
import villages from '../villages';
import visitLogs from '../visitLogs';
import workTeamAssignments from '../workTeamAssignments';
import type { HubResource } from './generic';

/**
 * Every resource, grouped by area as the menu shows them (labels: `hub.menu.<area>` in the catalogues).
 * App.tsx registers them all from here; the menu hides what the signed-in role cannot use.
 */
export const AREAS: { area: string; resources: HubResource[] }[] = [
  { area: 'divisions', resources: [counties, townships, villages, villageGroups] },
  { area: 'households', resources: [households, members, householdIncomes] },
  { area: 'projects', resources: [projects, projectSites, projectBeneficiaries, fundSources, fundAllocations, disbursements] },
  {
    area: 'twinning',
    resources: [helperUnits, cadres, unitVillagePairings, cadreHouseholdPairings, workTeamAssignments, visitLogs, assistanceMeasures],
  },
  { area: 'targets', resources: [povertyLines, targets, publishedIndicators] },
  { area: 'imports', resources: [imports] },
  { area: 'users', resources: [users, apiTokens] },
];

export const RESOURCES: HubResource[] = AREAS.flatMap((a) => a.resources);
