import { defaultLightTheme, type RaThemeOptions } from 'react-admin';

/**
 * No web font is bundled (a CJK font would weigh megabytes): system fonts, naming the usual Simplified Chinese
 * faces of macOS, Windows and Linux so Chinese text gets one of them rather than whatever the browser finds.
 */
const fontFamily = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  'sans-serif',
].join(', ');

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  typography: { ...defaultLightTheme.typography, fontFamily },
};
