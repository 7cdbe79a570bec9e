// A guest applies for 粗大ごみ and reports a damaged road with the keyboard
// only — Tab to move, typing, arrow keys in a list, Space for a radio button,
// Enter to send — and every field reached shows where the focus is. Headless Debian Chromium through playwright-core.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const base = process.env.MADOGUCHI_URL;
assert.ok(base, 'MADOGUCHI_URL must be set');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  await page.goto(`${base}/procedures/sodaigomi/apply`);

  /// Presses Tab until the focus is on `selector`; fails if it never gets there.
  async function tabTo(selector) {
    for (let i = 0; i < 150; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
        const visible = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement);
          return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
        });
        assert.ok(visible, `the focus on ${selector} can be seen`);
        return;
      }
    }
    throw new Error(`Tab never reaches ${selector}`);
  }

  async function typeInto(name, text) {
    await tabTo(`[name="${name}"]`);
    await page.keyboard.type(text);
  }

  await typeInto('applicant_name.family_name', '名古屋');
  await typeInto('applicant_name.given_name', '太郎');
  await typeInto('applicant_name.family_name_kana', 'ナゴヤ');
  await typeInto('applicant_name.given_name_kana', 'タロウ');
  await typeInto('postal_code', '460-8508');
  await typeInto('address', '名古屋市中区三の丸三丁目1番1号');
  await typeInto('phone', '052-961-1111');
  await typeInto('email', 'taro@example.jp');
  await tabTo('[name="items[0].item"]');
  await page.keyboard.press('ArrowDown');
  const item = await page.$eval('[name="items[0].item"]', (e) => e.value);
  assert.ok(item !== '', 'a choice is made with the arrow keys');
  await typeInto('items[0].count', '1');
  // A native date field, typed as its segments come: Chromium orders them by
  // its own locale (month/day/year here, year/month/day in a Japanese one),
  // so a scratch field tells which. A year takes up to six digits and moves
  // on with the arrow key; month and day move on by themselves.
  const monthFirst = await page.evaluate(() => {
    const probe = document.createElement('input');
    probe.type = 'date';
    probe.id = 'order-probe';
    document.body.append(probe);
    probe.focus();
    return true;
  }).then(async () => {
    await page.keyboard.type('12312000');
    return page.$eval('#order-probe', (e) => { const v = e.value; e.remove(); return v === '2000-12-31'; });
  });
  await tabTo('[name="preferred_date"]');
  if (monthFirst) {
    await page.keyboard.type('01052099');
  } else {
    await page.keyboard.type('2099');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('0105');
  }
  assert.equal(await page.$eval('[name="preferred_date"]', (e) => e.value), '2099-01-05', 'the date typed');
  // Enter in a field sends the form, as the main button does (not "add an item").
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.content(), /入力内容の確認/, 'Enter in a field reaches the confirm page');

  await tabTo('button[name=__step][value=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const receipt = (await page.textContent('.receipt-number strong')).trim();
  assert.match(receipt, /^R\d+-\d{7}$/);
  console.log(`  粗大ごみ by keyboard: ${receipt}`);

  // A report with a choice among radio buttons: Space picks one.
  await page.goto(`${base}/procedures/doro-sonsho/apply`);
  await typeInto('place', '名古屋市中区三の丸三丁目1番1号の前');
  await tabTo('[name="kind"]');
  await page.keyboard.press('ArrowDown');
  await tabTo('[name="danger"]');
  await page.keyboard.press('Space');
  const danger = await page.$eval('[name="danger"]:checked', (e) => e.value).catch(() => '');
  assert.ok(danger !== '', 'Space chooses a radio button');
  await tabTo('button[type=submit]:not([name])');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.content(), /入力内容の確認/, await page.content());
  await tabTo('button[name=__step][value=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const report = (await page.textContent('.receipt-number strong')).trim();
  console.log(`  道路損傷の通報 by keyboard: ${report}`);
  console.log('keyboard-only applications passed');
} finally {
  await browser.close();
}
