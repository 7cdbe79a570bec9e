// Filling a form as a new resident meets it, on a phone: the profile fills
// the applicant's part, a date picked shows its 和暦 beside it, the bank
// and branch are found by typing their names and the codes fill in, and
// switching language keeps what was typed. axe-core (WCAG 2.1 A and AA)
// over the apply page.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.MADOGUCHI_URL;
const dataDir = process.env.MADOGUCHI_DATA_DIR;
assert.ok(base && dataDir, 'MADOGUCHI_URL and MADOGUCHI_DATA_DIR must be set');
const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
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

const taro = demo.resident_logins.find((r) => r.email === 'taro@example.jp');
assert.ok(taro, 'the demo resident with a profile');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#email', taro.email);
  await page.fill('#password', taro.password);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);

  console.log('the profile fills the applicant of 児童手当');
  await page.goto(`${base}/procedures/jidou-teate-nintei/apply`);
  assert.equal(await page.inputValue('[name="applicant_name.family_name"]'), '名古屋');
  assert.equal(await page.inputValue('[name="applicant_name.given_name_kana"]'), 'タロウ');
  assert.equal(await page.inputValue('[name="birth_date"]'), '1988-05-12');
  assert.equal(await page.inputValue('[name="address"]'), '名古屋市中区三の丸三丁目1番1号');
  assert.equal((await page.textContent('#f-birth_date-wareki')).trim(), '昭和63年5月12日');
  await axe(page, 'apply page (児童手当)');

  console.log('a date picked shows its 和暦');
  assert.equal(await page.getAttribute('[name="children[0].birth_date"]', 'type'), 'date');
  await page.fill('[name="children[0].birth_date"]', '2026-12-05');
  await page.waitForFunction(
    () => document.getElementById('f-children-0--birth_date-wareki').textContent === '令和8年12月5日',
  );

  console.log('the bank and branch are found by name');
  await page.fill('#f-__bank_q-account', 'なごやぎんこう');
  await page.waitForFunction(() => document.getElementById('f-account-bank_code').value === '0543');
  await page.fill('#f-__branch_q-account', 'いまいけ');
  await page.waitForSelector('#f-__branch_q-account-pick:not([hidden]) option[value="109"]', { state: 'attached' });
  await page.selectOption('#f-__branch_q-account-pick', '109');
  assert.equal(await page.inputValue('#f-account-branch_code'), '109');
  await page.fill('#f-__bank_q-account', 'mitsubishi');
  await page.waitForSelector('#f-__bank_q-account-pick option[value="0005"]', { state: 'attached' });
  await page.selectOption('#f-__bank_q-account-pick', '0005');
  assert.equal(await page.inputValue('#f-account-bank_code'), '0005');
  await axe(page, 'apply page with suggestions');

  console.log('switching language keeps what was typed');
  await page.fill('[name="address"]', '名古屋市東区東桜一丁目');
  await page.click('.form-lang-switch summary');
  await Promise.all([page.waitForNavigation(), page.click('button[name="__lang"][value="en"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.inputValue('[name="address"]'), '名古屋市東区東桜一丁目');
  assert.equal(await page.inputValue('#f-account-bank_code'), '0005');
  assert.ok((await page.textContent('main')).includes('Child 1'), 'group entries are named in English');
  await axe(page, 'apply page in English');
  await context.close();
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('forms-fill: ok');
