import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { gridEn } from '../grid/messages';
import { importsEn } from '../imports/messages';
import type { HubMessages, ResourcesMessages } from './zh';

/** English, the second language. `hub` must match zh.ts key for key (its type comes from there). */
const hub: HubMessages = {
  title: 'Poverty Alleviation Data Hub',
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
    county: 'County',
    greeting: 'Hello, %{name}',
    role: 'Role: %{role}',
    intro:
      "The data hub brings together the counties' records of poor households, poverty alleviation projects and funds, and twinning pairs.",
    asOf: {
      label: 'Day of record',
      text: 'Records as of %{day}',
    },
    scope: {
      county: 'County',
      allCounties: 'All counties',
      township: 'Your township',
      village: 'Your village',
      unit: 'Your unit',
    },
    view: {
      label: 'Show as',
      chart: 'Chart',
      table: 'Table',
    },
    error: 'Could not load the figures: %{message}',
    retry: 'Retry',
    noScope: 'Your account has no township or village assigned yet, so there are no figures to show; please ask an administrator.',
    empty: 'No data',
    division: 'Division',
    percent: '%{value} %',
    years: {
      title: 'Poverty incidence over the years',
      year: 'Year',
      incidence: 'Incidence (%)',
      poorPeople: 'Poor at year end',
      exitedPeople: 'Exited that year',
      ruralPopulation: 'Rural population',
    },
    divisions: {
      townships: 'Poverty incidence by township',
      villages: 'Poverty incidence by village',
      year: 'end of %{year}',
    },
    targets: {
      title: '%{year} targets and progress',
      goal: 'Target',
      progress: 'Done',
      rate: 'Progress',
      dueDate: 'Due',
      subject: 'Target',
      none: 'No targets for this year',
    },
    batches: {
      title: 'Poor villages by exit batch',
      batch: 'Planned exit year',
      batchLabel: '%{year} batch',
      exited: 'Exited',
      pending: 'Not yet exited',
      total: 'Poor villages',
    },
    funds: {
      title: 'Funds allocated and disbursed',
      byLevel: 'By fund level',
      byCategory: 'By action category',
      level: 'Fund level',
      category: 'Action category',
      source: 'Funds (10k yuan)',
      allocated: 'Allocated (10k yuan)',
      disbursed: 'Disbursed (10k yuan)',
      rate: 'Disbursed share',
    },
    projects: {
      title: 'Projects by status',
      status: 'Status',
      count: 'Projects',
      budget: 'Budget (10k yuan)',
    },
    recent: {
      title: 'Recent edits',
      at: 'When',
      who: 'By',
      record: 'Record',
      operation: 'Change',
      fields: 'Fields changed',
      none: 'No edits yet',
      operations: {
        CREATE: 'Created',
        UPDATE: 'Updated',
        DELETE: 'Deleted',
      },
    },
    partner: {
      title: "Your unit's twinning",
      noUnit: 'Your account is not bound to a helper unit yet; please ask an administrator.',
      noCounty: "Partner unit accounts see their unit's twinning, not the county's figures.",
      villages: 'Paired villages',
      cadres: 'Cadres',
      households: 'Paired households',
      visits: 'Visits',
      byMode: 'Visits by mode',
      mode: 'Mode',
      count: 'Visits',
    },
  },
  menu: {
    divisions: 'Divisions',
    households: 'Households and members',
    projects: 'Projects and funds',
    twinning: 'Twinning',
    targets: 'Targets and standards',
    users: 'Users',
    imports: 'Data import',
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
    username_help: 'For another user, give their username; leave empty for your own',
    created: 'Token created',
    shown_once: 'The token is shown this once: copy it now and keep it safe.',
    copy: 'Copy',
  },
  grid: gridEn,
  imports: importsEn,
};

const resources: ResourcesMessages = {
  users: {
    name: 'User |||| Users',
    fields: {
      username: 'Username',
      displayName: 'Name',
      role: 'Role',
      password: 'Initial password',
      townshipIds: 'Townships',
      villageIds: 'Villages',
      countyIds: 'Counties (none: the whole hub)',
      helperUnitId: 'Helper unit',
      disabled: 'Disabled',
    },
  },
  apiTokens: {
    name: 'API token |||| API tokens',
    fields: {
      name: 'Token name',
      username: 'User',
      active: 'Active',
      createdAt: 'Created',
      expiresAt: 'Expires',
      lastUsedAt: 'Last used',
      expiresInDays: 'Valid for (days)',
    },
  },
  imports: { name: 'Import |||| Imports' },
};

const en: TranslationMessages & { hub: HubMessages; resources: ResourcesMessages } = {
  ...englishMessages,
  resources,
  hub,
};

export default en;
