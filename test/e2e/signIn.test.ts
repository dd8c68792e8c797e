import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../schema/src/index';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';

const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

/** The admin UI in a real browser against the real server: sign in, greet, switch language, sign out. */
describe('the admin UI in a browser', () => {
  let server: TestServer;

  beforeAll(async () => {
    const database = await freshDatabase();
    await createUser(database.db, { username: 'huang', displayName: '黄建国', role: 'CLERK', password: 'clerk-password' });
    server = await startServer(database, { adminDir: ADMIN_DIR });
  });

  it(
    'shows the login page in Chinese, refuses a wrong password, signs in, switches to English and signs out',
    { timeout: 60_000 },
    async () => {
      const browser = await launchBrowser();
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.getByLabel('用户名').waitFor();
      await expect(page.getByRole('button', { name: '登录' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}login-zh.png` });

      await page.getByLabel('用户名').fill('huang');
      await page.getByLabel('密码', { exact: false }).first().fill('wrong');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('用户名或密码错误').waitFor();

      await page.getByLabel('密码', { exact: false }).first().fill('clerk-password');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText('您好，黄建国').waitFor();
      await page.getByText('乡镇录入员').first().waitFor();
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'hub_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await page.screenshot({ path: `${ARTIFACTS}signed-in-zh.png` });

      await page.getByRole('button', { name: /简体中文/ }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page
        .getByText(/Township clerk/)
        .first()
        .waitFor();
      await page.screenshot({ path: `${ARTIFACTS}signed-in-en.png` });

      await page.reload();
      await page
        .getByText(/Township clerk/)
        .first()
        .waitFor(); // session and language survive a reload

      await page.getByRole('button', { name: 'Profile' }).click();
      await page.getByRole('menuitem', { name: /Logout/i }).click();
      await page.getByLabel('Username').waitFor();
    },
  );
});
