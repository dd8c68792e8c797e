import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
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
    scope: {
      county: 'County',
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
};

const resources: ResourcesMessages = {};

const en: TranslationMessages & { hub: HubMessages; resources: ResourcesMessages } = {
  ...englishMessages,
  resources,
  hub,
};

export default en;
