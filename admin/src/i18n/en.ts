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
  grid: gridEn,
};

const resources: ResourcesMessages = {};

const en: TranslationMessages & { hub: HubMessages; resources: ResourcesMessages } = {
  ...englishMessages,
  resources,
  hub,
};

export default en;
