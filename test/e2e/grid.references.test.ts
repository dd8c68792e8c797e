import { beforeAll, describe, expect, it } from 'vitest';
import { openSheet } from '../support/sheetPage';

/** The household grid's village column and the member grid's household column (HouseholdGrid, MemberGrid). */
const HOUSEHOLD = { householdNumber: 0, village: 2 };
const MEMBER = { personNumber: 0, household: 2 };

/**
 * Link cells in the grid, as a township clerk (泗城镇) edits them: a household's village by typing its name
 * and by the picker, a name outside her township refused in plain words, a member's household by pasting
 * its 户编号 — each read back from the database.
 */
describe('the grid’s link cells', () => {
  let sheet: Awaited<ReturnType<typeof openSheet>>;
  let villages: { id: number; name: string; township: string }[];

  const householdVillage = async (householdNumber: string) =>
    (
      await sheet.database.db
        .selectFrom('household')
        .innerJoin('village', 'village.id', 'household.villageId')
        .select('village.name')
        .where('householdNumber', '=', householdNumber)
        .executeTakeFirstOrThrow()
    ).name;

  beforeAll(async () => {
    sheet = await openSheet('clerk');
    villages = await sheet.database.db
      .selectFrom('village')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select(['village.id', 'village.name', 'township.name as township'])
      .orderBy('village.code')
      .execute();
  }, 120_000);

  it('asks each village’s name once as the grid opens, however often its rows change meanwhile', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    const asked: string[][] = [];
    const onRequest = (request: { postData(): string | null }) => {
      const body = request.postData() ?? '';
      if (body.includes('query Many(') && body.includes('... on Village '))
        asked.push((JSON.parse(body) as { variables: { ids: string[] } }).variables.ids);
    };
    page.on('request', onRequest);
    try {
      await sheet.openGrid('households');
      // every village cell on the screen named (a name not read yet shows as '…')
      await page.waitForFunction(() => {
        const cells = [...document.querySelectorAll('[id^="glide-cell-3-"]')];
        return cells.length > 10 && cells.every((c) => c.textContent && c.textContent !== '…');
      });
      await page.waitForLoadState('networkidle');
    } finally {
      page.off('request', onRequest);
    }
    const ids = asked.flat();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length, JSON.stringify(asked)).toBe(new Set(ids).size);
  });

  it('moves a household to another village of her township by typing the village’s name', { timeout: 60_000 }, async () => {
    const { page, cell } = sheet;
    await sheet.openGrid('households');
    const number = (await cell(HOUSEHOLD.householdNumber, 1).textContent())!;
    const from = await householdVillage(number);
    const to = villages.find((v) => v.township === '泗城镇' && v.name !== from)!;
    await sheet.goTo(HOUSEHOLD.village, 1);
    await page.keyboard.press('Enter');
    await sheet.editorOpen();
    // the name as an input method commits it, and Enter at once: before or after the list has answered
    await page.keyboard.insertText(to.name);
    await page.keyboard.press('Enter');
    await page.getByText('已保存 1 行').waitFor();
    expect(await householdVillage(number)).toBe(to.name);
    await page.waitForFunction(([n]) => document.querySelector('#glide-cell-3-1')?.textContent === n, [to.name]);
  });

  it('moves a household by picking the village from the searchable list', { timeout: 60_000 }, async () => {
    const { page, cell } = sheet;
    await sheet.openGrid('households');
    const number = (await cell(HOUSEHOLD.householdNumber, 2).textContent())!;
    const from = await householdVillage(number);
    const to = villages.find((v) => v.township === '泗城镇' && v.name !== from)!;
    await sheet.goTo(HOUSEHOLD.village, 2);
    await page.keyboard.press('Enter');
    await sheet.editorOpen();
    // the list holds only her township's villages
    const options = page.getByTestId('reference-editor').getByRole('option');
    await options.first().waitFor();
    const offered = await options.allTextContents();
    const hers = new Set(villages.filter((v) => v.township === '泗城镇').map((v) => v.name));
    expect(offered.length).toBeGreaterThan(1);
    expect(offered.every((name) => hers.has(name))).toBe(true);
    await page.keyboard.type(to.name.slice(0, 2));
    await page.getByTestId('reference-editor').getByRole('option', { name: to.name, exact: true }).click();
    await page.getByText('已保存 1 行').waitFor();
    expect(await householdVillage(number)).toBe(to.name);
  });

  it(
    'refuses a village of another township, saying her township has none of that name, and saves nothing',
    { timeout: 60_000 },
    async () => {
      const { page, cell } = sheet;
      await sheet.openGrid('households');
      const number = (await cell(HOUSEHOLD.householdNumber, 3).textContent())!;
      const from = await householdVillage(number);
      const elsewhere = villages.find(
        (v) => v.township !== '泗城镇' && !villages.some((w) => w.township === '泗城镇' && w.name === v.name),
      )!;
      await sheet.goTo(HOUSEHOLD.village, 3);
      await sheet.paste(elsewhere.name);
      const message = `泗城镇没有名为“${elsewhere.name}”的行政村`;
      await page.getByText(message).first().waitFor();
      expect(await page.getByText('不是有效的记录标识').count()).toBe(0);
      expect(await householdVillage(number)).toBe(from);
      await page.getByRole('button', { name: '放弃修改' }).click();
    },
  );

  it('moves a member to another household pasted as its 户编号', { timeout: 60_000 }, async () => {
    const { page, cell, database } = sheet;
    await sheet.openGrid('members');
    // the first member on the page who is not a head (a household keeps its one head)
    const shown = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(async (row) => (await cell(MEMBER.personNumber, row).textContent())!));
    const candidates = await database.db
      .selectFrom('member')
      .select(['id', 'householdId', 'personNumber'])
      .where('personNumber', 'in', shown)
      .where('relation', '<>', 'HEAD')
      .execute();
    const row = shown.findIndex((n) => candidates.some((c) => c.personNumber === n));
    const member = candidates.find((c) => c.personNumber === shown[row])!;
    const other = await database.db
      .selectFrom('household')
      .select('householdNumber')
      .where(
        'villageId',
        'in',
        villages.filter((v) => v.township === '泗城镇').map((v) => v.id),
      )
      .where('id', '<>', member.householdId)
      .orderBy('householdNumber')
      .executeTakeFirstOrThrow();
    await sheet.goTo(MEMBER.household, row);
    await sheet.paste(other.householdNumber);
    await page.getByText('已保存 1 行').waitFor();
    const after = await database.db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.householdId')
      .select('householdNumber')
      .where('member.id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(after.householdNumber).toBe(other.householdNumber);
  });
});
