import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { gridEn } from '../grid/messages';
import type { HubMessages, ResourcesMessages } from './zh';

/** English, the second language. `hub` must match zh.ts key for key (its type comes from there). */
const hub: HubMessages = {
  title: 'Lingyun Poverty Alleviation Data Hub',
  auth: {
    server_unreachable: 'Cannot reach the data hub server; please try again later',
  },
  roles: {
    ADMIN: 'Administrator',
    CLERK: 'Township clerk',
    ANALYST: 'Analyst',
    PARTNER: 'Partner unit',
  },
  dashboard: {
    greeting: 'Hello, %{name}',
    role: 'Role: %{role}',
    intro:
      "The Lingyun County data hub brings together the county's records of poor households, poverty alleviation projects and funds, and twinning pairs.",
  },
  menu: {
    divisions: 'Divisions',
    households: 'Households and members',
    projects: 'Projects and funds',
    twinning: 'Twinning',
    targets: 'Targets and standards',
    users: 'Users',
  },
  history: {
    title: 'History',
    empty: 'No changes recorded',
    at: 'When',
    who: 'Who',
    operation: 'Action',
    changes: 'Changes',
    more: 'More',
    CREATE: 'Created',
    UPDATE: 'Changed',
    DELETE: 'Deleted',
  },
  members: {
    reveal: 'Show full ID number',
    reveal_hint: 'Every reveal is written to the audit log',
  },
  users: {
    reset_password: 'Reset password',
    new_password: 'New password (at least 10 characters)',
    password_reset: 'Password reset',
  },
  tokens: {
    revoke: 'Revoke',
    revoke_title: 'Revoke token',
    revoke_content: 'Scripts using this token lose access at once. Revoke it?',
    username_help: "For another user, give their username; leave empty for your own",
    created: 'Token created',
    shown_once: 'The token is shown this once: copy it now and keep it safe.',
    copy: 'Copy',
  },
  grid: gridEn,
};

const resources: ResourcesMessages = {
  counties: { name: 'County |||| Counties' },
  townships: { name: 'Township |||| Townships' },
  villages: { name: 'Village |||| Villages' },
  villageGroups: { name: 'Village group |||| Village groups' },
  households: { name: 'Household |||| Households' },
  members: { name: 'Member |||| Members' },
  householdIncomes: { name: 'Household income |||| Household incomes' },
  projects: { name: 'Project |||| Projects' },
  projectSites: { name: 'Project site |||| Project sites' },
  projectBeneficiaries: { name: 'Project beneficiary |||| Project beneficiaries' },
  fundSources: { name: 'Fund source |||| Fund sources' },
  fundAllocations: { name: 'Fund allocation |||| Fund allocations' },
  disbursements: { name: 'Disbursement |||| Disbursements' },
  helperUnits: { name: 'Helper unit |||| Helper units' },
  cadres: { name: 'Cadre |||| Cadres' },
  unitVillagePairings: { name: 'Unit–village pairing |||| Unit–village pairings' },
  cadreHouseholdPairings: { name: 'Cadre–household pairing |||| Cadre–household pairings' },
  workTeamAssignments: { name: 'Work-team assignment |||| Work-team assignments' },
  visitLogs: { name: 'Visit log |||| Visit logs' },
  assistanceMeasures: { name: 'Assistance measure |||| Assistance measures' },
  povertyLines: { name: 'Poverty line |||| Poverty lines' },
  targets: { name: 'Target |||| Targets' },
  publishedIndicators: { name: 'Published indicator |||| Published indicators' },
  users: { name: 'User |||| Users', fields: { username: 'Username', displayName: 'Name', role: 'Role', password: 'Initial password', townshipIds: 'Townships', villageIds: 'Villages', helperUnitId: 'Helper unit', disabled: 'Disabled' } },
  apiTokens: { name: 'API token |||| API tokens', fields: { name: 'Token name', username: 'User', active: 'Active', createdAt: 'Created', expiresAt: 'Expires', lastUsedAt: 'Last used', expiresInDays: 'Valid for (days)' } },
};

const en: TranslationMessages & { hub: HubMessages; resources: ResourcesMessages } = {
  ...englishMessages,
  resources,
  hub,
};

export default en;
