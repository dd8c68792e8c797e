import { beforeAll, describe, expect, it } from 'vitest';
import { openSheet } from '../support/sheetPage';

/** The household grid's default columns (households/index.ts): index → field. */
const HOUSEHOLD = { householdNumber: 0, headName: 1, phone: 3, attribute: 4, address: 19, note: 20 };

interface Row {
  id: string;
  version: number;
  householdNumber: string;
  phone: string | null;
  address: string | null;
  note: string | null;
}

/**
 * Excel's keys in the household grid, as a township clerk uses them, each result read back from the
 * database: Ctrl+D, Ctrl+R, Delete over a range and its undo, Ctrl+Shift+Down to the edge of the data,
 * Ctrl+F, and text from an input method that sends no key events.
 */
describe('Excel’s keys in the grid', () => {
  let sheet: Awaited<ReturnType<typeof openSheet>>;

  const rowsOf = async (numbers: string[]) =>
    (
      await sheet.gql<{ households: { nodes: Row[] } }>(
        `query ($n: [String!]) { households(filter: { householdNumber: { in: $n } }, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id version householdNumber phone address note } } }`,
        { n: numbers },
      )
    ).households.nodes;
  const numbersAt = async (rows: number[]) =>
    Promise.all(rows.map(async (row) => (await sheet.cell(HOUSEHOLD.householdNumber, row).textContent())!));
  const select = async (col: number, row: number, down: number, right = 0) => {
    await sheet.goTo(col, row);
    for (let i = 0; i < down; i++) await sheet.page.keyboard.press('Shift+ArrowDown');
    for (let i = 0; i < right; i++) await sheet.page.keyboard.press('Shift+ArrowRight');
  };
  const setNotes = async (notes: Record<string, string | null>) => {
    const rows = await rowsOf(Object.keys(notes));
    await sheet.gql(`mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id } } }`, {
      changes: rows.map((r) => ({ id: r.id, version: r.version, patch: { note: notes[r.householdNumber] } })),
    });
  };

  beforeAll(async () => {
    sheet = await openSheet('clerk');
  }, 120_000);

  it('fills down the top phone over a selection with Ctrl+D, and Ctrl+Z takes the whole fill back', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const numbers = await numbersAt([10, 11, 12]);
    const before = await rowsOf(numbers);
    await select(HOUSEHOLD.phone, 10, 2);
    await page.keyboard.press('Control+d');
    await page.getByText('已保存 2 行').waitFor();
    const filled = await rowsOf(numbers);
    expect(filled.map((r) => r.phone)).toEqual([before[0]!.phone, before[0]!.phone, before[0]!.phone]);
    expect(filled.map((r) => r.version)).toEqual([before[0]!.version, before[1]!.version + 1, before[2]!.version + 1]);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await rowsOf(numbers)).map((r) => r.phone), { timeout: 10_000 }).toEqual(before.map((r) => r.phone));
  });

  it('fills right the address into the note with Ctrl+R', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const numbers = await numbersAt([13, 14]);
    const before = await rowsOf(numbers);
    expect(before.every((r) => r.address)).toBe(true);
    await select(HOUSEHOLD.address, 13, 1, 1);
    await page.keyboard.press('Control+r');
    await page.getByText('已保存 2 行').waitFor();
    expect((await rowsOf(numbers)).map((r) => r.note)).toEqual(before.map((r) => r.address));
  });

  it('clears a range with Delete as one change, which Ctrl+Z restores', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const numbers = await numbersAt([5, 6, 7]);
    await setNotes({ [numbers[0]!]: '住房待改造', [numbers[1]!]: '已通自来水', [numbers[2]!]: '外出务工' });
    await sheet.openGrid('households');
    await select(HOUSEHOLD.note, 5, 2);
    // (the note column's cells are in the accessible table once it has scrolled into view)
    await page.waitForFunction(() => document.querySelector('#glide-cell-21-7')?.textContent === '外出务工');
    await page.keyboard.press('Delete');
    await page.getByText('已保存 3 行').waitFor();
    // (a note is never null: cleared, it is empty text)
    expect((await rowsOf(numbers)).map((r) => r.note)).toEqual(['', '', '']);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await rowsOf(numbers)).map((r) => r.note), { timeout: 10_000 })
      .toEqual(['住房待改造', '已通自来水', '外出务工']);
  });

  it('extends the selection with Ctrl+Shift+Down to the last filled cell of the run, as Excel does', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const numbers = await numbersAt([0, 1, 2, 3, 4]);
    await setNotes({ [numbers[0]!]: '甲', [numbers[1]!]: '乙', [numbers[2]!]: '丙', [numbers[3]!]: null, [numbers[4]!]: '戊' });
    await sheet.openGrid('households');
    await sheet.goTo(HOUSEHOLD.note, 0);
    // every cell of the run as saved, not only the last: the grid may still show a row from before the notes were set
    const shown = ['甲', '乙', '丙', '', '戊'];
    await page.waitForFunction(
      (texts) => texts.every((text, row) => document.querySelector(`#glide-cell-21-${row}`)?.textContent === text),
      shown,
    );
    await page.keyboard.press('Control+Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    await expect.poll(sheet.copied).toBe('甲\n乙\n丙');
    // from the run's end, the next press goes on to the next filled cell
    await page.keyboard.press('Control+Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    await expect.poll(sheet.copied).toBe('甲\n乙\n丙\n\n戊');
  });

  it('finds a head of household with Ctrl+F and moves the selection to the match', { timeout: 60_000 }, async () => {
    const { page, cell } = sheet;
    await sheet.openGrid('households');
    const name = (await cell(HOUSEHOLD.headName, 15).textContent())!;
    const before = (await Promise.all(Array.from({ length: 15 }, (_, row) => cell(HOUSEHOLD.headName, row).textContent()))).filter(
      (n) => n === name,
    ).length;
    await sheet.goTo(0, 0);
    await page.keyboard.press('Control+f');
    await page.getByRole('textbox', { name: '在本页查找' }).fill(name);
    for (let i = 0; i <= before; i++) await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toMatch(new RegExp(`^${before + 1} / \\d+$`));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+c');
    await expect.poll(sheet.copied).toBe(name);
    // the cell below is row 16's: the selection is on row 15
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+c');
    await expect.poll(sheet.copied).toBe((await cell(HOUSEHOLD.headName, 16).textContent())!);
  });

  it('picks a code by typing part of its label and moving down the matches, and Enter saves it', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const [number] = await numbersAt([9]);
    const [row] = await rowsOf([number!]);
    await sheet.gql(
      `mutation ($id: ID!, $version: Int!) { updateHousehold(input: { id: $id, version: $version, patch: { attribute: GENERAL } }) { household { id } } }`,
      {
        id: row!.id,
        version: row!.version,
      },
    );
    await sheet.openGrid('households');
    await sheet.goTo(HOUSEHOLD.attribute, 9);
    await sheet.typeInCell('低保');
    // the labels that start with what was typed, the first one active; ArrowDown makes the next one active
    const options = page.getByTestId('choice-editor').getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual(['低保贫困户', '低保特困户']);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByRole('option', { selected: true }).textContent()).toBe('低保特困户');
    await page.keyboard.press('Enter');
    await page.getByText('已保存 1 行').waitFor();
    const attribute = await sheet.gql<{ households: { nodes: { attribute: string }[] } }>(
      `query ($n: [String!]) { households(filter: { householdNumber: { in: $n } }) { nodes { attribute } } }`,
      { n: [number] },
    );
    expect(attribute.households.nodes).toEqual([{ attribute: 'DIBAO_TEKUN' }]);
  });

  // handwriting, voice and some 拼音 input methods commit whole words without key events
  it('opens the editor of a selected cell with text inserted without key events, and Enter saves it', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const [number] = await numbersAt([8]);
    await sheet.goTo(HOUSEHOLD.address, 8);
    await page.keyboard.insertText('张三');
    await sheet.editorOpen();
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).toBe('张三');
    await page.keyboard.press('Enter');
    await page.getByText('已保存 1 行').waitFor();
    expect((await rowsOf([number!]))[0]!.address).toBe('张三');
  });

  it('opens the editor with what an input method composed, and Enter saves it', { timeout: 60_000 }, async () => {
    const { page } = sheet;
    await sheet.openGrid('households');
    const [number] = await numbersAt([9]);
    await sheet.goTo(HOUSEHOLD.address, 9);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'zhang', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.insertText', { text: '张三' });
    await sheet.editorOpen();
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).toBe('张三');
    await page.keyboard.press('Enter');
    await page.getByText('已保存 1 行').waitFor();
    expect((await rowsOf([number!]))[0]!.address).toBe('张三');
  });
});
