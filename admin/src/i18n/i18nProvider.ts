import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import { setRequestLanguage } from '../graphql';
import { recordTypeName } from './recordTypeNames';
import en from './en';
import zh from './zh';

/** Chinese first; English for visitors and partners who prefer it. */
export const DEFAULT_LOCALE = 'zh-CN';

const catalogues: Record<string, typeof zh> = { 'zh-CN': zh, en };

function catalogue(locale: string): typeof zh {
  return catalogues[locale] ?? zh;
}

const polyglot = polyglotI18nProvider((locale): TranslationMessages => catalogue(locale), DEFAULT_LOCALE, [
  { locale: 'zh-CN', name: '简体中文' },
  { locale: 'en', name: 'English' },
]);

/**
 * The hub answers in the request's accept-language, so every locale change is passed on to the GraphQL
 * client. The page's `lang` (it picks the CJK glyph variant and tells screen readers) and the browser tab's
 * title follow too.
 */
function follow(locale: string): void {
  setRequestLanguage(locale);
  document.documentElement.lang = locale;
  document.title = catalogue(locale).hub.title;
}
follow(DEFAULT_LOCALE);

const RECORD_TYPE_NAME = /^resources\.([^.]+)\.name$/;

export const i18nProvider: I18nProvider = {
  ...polyglot,
  // a record type's name is the hub's label (recordTypeNames.ts); the catalogue has the rest
  translate: (key, options) => {
    const list = RECORD_TYPE_NAME.exec(key)?.[1];
    const name = list === undefined ? undefined : recordTypeName(list, polyglot.getLocale(), options?.smart_count);
    return name ?? polyglot.translate(key, options);
  },
  changeLocale: async (locale, options) => {
    await polyglot.changeLocale(locale, options);
    follow(locale);
  },
};
