import { useTranslate } from 'react-admin';

/** The hub's name in the current language (react-admin's `title` takes an element so it can be translated). */
export const AppTitle = () => {
  const translate = useTranslate();
  return <>{translate('hub.title')}</>;
};
