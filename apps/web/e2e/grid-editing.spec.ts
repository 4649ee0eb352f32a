import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { api, cell, grid, pipeline } from './support/sheet';

test('select, multi-select and person editors list labels in colour, pick by typing, and save option ids', async ({ page }) => {
  const { me, sheetId, columns } = await pipeline(page, 'Labels');
  const stored = async (rowIndex: number, column: string) =>
    (await api<{ items: { values: Record<string, unknown> }[] }>(page, `/api/spreadsheets/${sheetId}/rows?limit=5`)).items[rowIndex].values[column];

  // Stage: the list shows labels, never ids; typing "w" picks Won; Enter saves it.
  await cell(page, 0, columns.Stage).dblclick();
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveText(['(empty)', 'Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
  await expect(list).not.toContainText('negotiation');
  await expect(list.getByRole('option', { name: 'Won' }).locator('.chip')).toHaveCSS('border-color', 'rgb(34, 197, 94)');
  await page.keyboard.type('w');
  await expect(list.getByRole('option', { name: 'Won' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(cell(page, 0, columns.Stage)).toHaveText('Won');
  await expect.poll(() => stored(0, columns.Stage)).toBe('won');

  // Arrow keys move, and the blank entry clears.
  await cell(page, 1, columns.Stage).click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  for (let i = 0; i < 8; i += 1) await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(cell(page, 1, columns.Stage)).toHaveText('');
  await expect.poll(() => stored(1, columns.Stage)).toBeUndefined();

  // Multi-select: Space picks several, Enter saves them, chips show labels.
  const tags = await api<{ id: string; options: { id: string; label: string }[] }>(page, `/api/spreadsheets/${sheetId}/columns`, {
    method: 'POST',
    body: { name: 'Tags', type: 'multiSelect', position: 0, options: [{ label: 'Hot', color: '#ef4444' }, { label: 'Renewal' }, { label: 'Partner' }] },
  });
  await page.reload();
  await cell(page, 0, tags.id).dblclick();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveText(['Hot', 'Renewal', 'Partner']);
  await page.keyboard.type('ren');
  await page.keyboard.press(' ');
  await page.getByRole('combobox', { name: /Choose options/ }).fill('');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press(' ');
  await page.keyboard.press('Enter');
  await expect(cell(page, 0, tags.id).locator('.chip')).toHaveText(['Renewal', 'Hot']);
  await expect.poll(() => stored(0, tags.id)).toEqual([tags.options[1].id, tags.options[0].id]);

  // Person: names (and emails to match on), not user ids.
  await cell(page, 2, columns.Owner).dblclick();
  await expect(page.getByRole('listbox').getByRole('option', { name: new RegExp(me.name) })).toContainText(me.email);
  await page.keyboard.type(me.email.slice(0, 8));
  await page.keyboard.press('Enter');
  await expect(cell(page, 2, columns.Owner)).toHaveText(me.name);
});

test('people are pasted by name or email, and someone who is not a member is refused by name', async ({ page, browser }) => {
  const { me, sheetId, columns } = await pipeline(page, 'People');
  // A second member with a distinct name joins the sheet.
  const other = person('Rita', 'grid editing 2026');
  const otherPage = await (await browser.newContext()).newPage();
  await signUp(otherPage, other);
  const found = await api<{ items: { id: string }[] }>(page, `/api/users?search=${encodeURIComponent(other.email)}`);
  await api(page, `/api/spreadsheets/${sheetId}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'editor' } });
  await page.reload();

  const paste = async (rowIndex: number, text: string) => {
    await cell(page, rowIndex, columns.Owner).click();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  };
  await paste(0, `${other.name}\r\n${me.email}\r\n`);
  await expect(cell(page, 0, columns.Owner)).toHaveText(other.name);
  await expect(cell(page, 1, columns.Owner)).toHaveText(me.name);

  await paste(2, 'Nobody We Know');
  await expect(page.getByRole('alert')).toContainText('"Nobody We Know" is not a member of this spreadsheet');
});

test('people show by name even when the member list arrives after the rows', async ({ page }) => {
  const { me, columns } = await pipeline(page, 'Late');
  for (const [late, other] of [
    ['members', 'rows'],
    ['rows', 'members'],
  ]) {
    await page.unrouteAll();
    await page.route(`**/${late}?*`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.route(`**/${other}?*`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await route.continue();
    });
    await page.reload();
    await expect(cell(page, 0, columns.Deal)).not.toBeEmpty();
    await cell(page, 1, columns.Owner).click();
    await expect(cell(page, 0, columns.Owner)).toHaveText(me.name);
    await expect(cell(page, 3, columns.Owner)).toHaveText(me.name);
  }
});

test('copy a cell or a block as TSV and HTML, paste it back, clear a block in one change', async ({ browser }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const { sheetId, columns } = await pipeline(page, 'Copier');
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const version = async () => (await api<{ version: number }>(page, `/api/spreadsheets/${sheetId}`)).version;

  // One cell.
  await cell(page, 0, columns.Deal).click();
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(clipboard).toBe('Fleet telematics rollout');

  // A 2 × 2 block with Shift+arrows, shown as selected.
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(grid(page).locator('.cell--in-block')).toHaveCount(4);
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(clipboard).toBe('Fleet telematics rollout\tNorthwind Logistics\r\nCRM migration\tContoso Retail');

  // Shift+click: labels, formatted money and dates, as on screen.
  await cell(page, 0, columns.Stage).click();
  await cell(page, 1, columns.Value).click({ modifiers: ['Shift'] });
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(clipboard).toBe('Negotiation\t$184,000.00\r\nProposal\t$72,000.00');
  const html = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return (await item.getType('text/html')).text();
  });
  expect(html).toContain('<td>Negotiation</td><td>$184,000.00</td>');

  // Pasted back two rows lower, it reads as the same values.
  await cell(page, 4, columns.Stage).click();
  await page.keyboard.press('ControlOrMeta+v');
  await expect(cell(page, 4, columns.Stage)).toHaveText('Negotiation');
  await expect(cell(page, 5, columns.Value)).toHaveText('$72,000.00');

  // Delete clears the block, as one change.
  const before = await version();
  await cell(page, 6, columns.Company).click();
  await cell(page, 8, columns['Contact email']).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Delete');
  await expect(cell(page, 7, columns.Company)).toHaveText('');
  await expect(cell(page, 8, columns['Contact email'])).toHaveText('');
  await expect.poll(version).toBe(before + 1);

  // A block over a formula column clears the stored cells and leaves the computed ones (the server refuses writing them).
  await cell(page, 9, columns.Value).click();
  await cell(page, 10, columns['Weighted value']).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Delete');
  await expect(cell(page, 10, columns.Value)).toHaveText('');
  await expect.poll(version).toBe(before + 2);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Ctrl/⌘+A selects everything; a copy has every row.
  await cell(page, 0, columns.Deal).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(async () => (await clipboard()).split('\r\n').length).toBe(24);
});
