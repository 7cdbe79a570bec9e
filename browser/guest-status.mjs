// A guest follows an application without an account: the receipt shows a
// check code; in a fresh browser (nothing remembered) the guest types the
// receipt number and the code — in lower case, as people do — and sees the
// status; a wrong code is refused with a message a screen reader announces.
// axe-core (WCAG 2.1 A and AA) over the status pages, in Japanese and English.
// Headless Debian Chromium through playwright-core.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const base = process.env.MADOGUCHI_URL;
assert.ok(base, 'MADOGUCHI_URL must be set');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const phone = { viewport: { width: 375, height: 740 }, locale: 'ja-JP', bypassCSP: true, isMobile: true };

const failures = [];
async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  for (const v of result.violations) {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    failures.push(`${name}: ${v.id} (${v.impact}) ${v.help} — ${targets}`);
  }
  console.log(`  axe: ${name}: ${result.violations.length} violations`);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const applying = await (await browser.newContext(phone)).newPage();
  await applying.goto(`${base}/procedures/sodaigomi/apply`);
  const answers = {
    'applicant_name.family_name': '名古屋',
    'applicant_name.given_name': '次郎',
    'applicant_name.family_name_kana': 'ナゴヤ',
    'applicant_name.given_name_kana': 'ジロウ',
    postal_code: '460-8508',
    address: '名古屋市中区三の丸三丁目1番1号',
    phone: '052-961-1111',
    email: 'jiro@example.jp',
    'items[0].count': '1',
    preferred_date: '2099-01-05',
  };
  for (const [name, value] of Object.entries(answers)) {
    await applying.fill(`[name="${name}"]`, value);
  }
  await applying.selectOption('[name="items[0].item"]', { index: 1 });
  await Promise.all([applying.waitForNavigation(), applying.click('button:has-text("入力内容を確認する"):not(.visually-hidden)')]);
  await Promise.all([applying.waitForNavigation(), applying.click('button[name=__step][value=submit]')]);
  const receipt = (await applying.textContent('.receipt-number strong')).trim();
  const code = (await applying.textContent('#check-code')).trim();
  assert.match(receipt, /^R\d+-\d{7}$/);
  assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  const receiptText = await applying.textContent('main');
  assert.doesNotMatch(receiptText, /マイページ/, 'a guest is not sent to a my page');
  console.log(`  guest receipt ${receipt}, check code ${code}`);

  // Another day, another browser: nothing but the number and the code.
  const later = await (await browser.newContext(phone)).newPage();
  await later.goto(`${base}/`);
  await later.goto(`${base}/status`);
  await axe(later, 'status check form');
  await later.fill('#status-receipt', receipt);
  await later.fill('#status-code', '00000-00000');
  await Promise.all([later.waitForNavigation(), later.click('main form button[type=submit]')]);
  assert.match(await later.textContent('[role=alert]'), /正しくありません/, 'a wrong code is announced');
  await axe(later, 'status check refused');
  await later.fill('#status-receipt', receipt.toLowerCase());
  await later.fill('#status-code', code.toLowerCase().replace('-', ' '));
  await Promise.all([later.waitForNavigation(), later.click('main form button[type=submit]')]);
  const status = await later.textContent('#status');
  assert.match(status, new RegExp(receipt));
  assert.match(status, /粗大ごみ/);
  assert.match(status, /受付済み/);
  await axe(later, 'status of a guest application');

  // The mail's link, in English.
  await later.goto(`${base}/status?receipt=${receipt}&code=${code}&lang=en`);
  assert.match(await later.textContent('#status'), /Received|received/);
  await axe(later, 'status of a guest application (en)');
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('guest status: ok');
