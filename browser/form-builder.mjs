// A DX office administrator builds a form for 転入届 from a template with
// the keyboard and the mouse, adds a question with choices and one shown
// only for one of its answers, sees both in the phone-width preview and
// submits the draft for review; a second administrator sees the
// differences and publishes it; a resident then applies on it. axe-core
// (WCAG 2.1 A and AA) over every staff page of forms — the list, the
// template library, the builder, the review, a published version, the JSON
// editor — and the staff view of a procedure, desktop.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const base = process.env.MADOGUCHI_URL;
const dataDir = process.env.MADOGUCHI_DATA_DIR;
assert.ok(base && dataDir, 'MADOGUCHI_URL and MADOGUCHI_DATA_DIR must be set');
const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// bypassCSP: axe-core is injected as an inline script, which the pages'
// Content-Security-Policy forbids.
const desk = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true };

async function signIn(browser, path, login) {
  const context = await browser.newContext(desk);
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.fill('#email', login.email);
  await page.fill('#password', login.password);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  if (new URL(page.url()).pathname === '/staff/login/code') {
    await page.fill('#code', totp(login.totp_secret));
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  }
  return page;
}

async function go(page, action) {
  await Promise.all([page.waitForNavigation(), action()]);
}

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

const author = demo.staff_logins.find((l) => l.email === 'dx.admin@city.example.jp');
const reviewerLogin = demo.staff_logins.find((l) => l.email === 'dx.reviewer@city.example.jp');
assert.ok(author && reviewerLogin, 'two DX office administrators in demo.json');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log('the DX office builds a form for 転入届');
  const dx = await signIn(browser, '/staff/login', author);
  await dx.goto(`${base}/staff/forms`);
  await axe(dx, 'forms list');
  await dx.goto(`${base}/staff/form-templates`);
  await axe(dx, 'template library');
  await dx.goto(`${base}/staff/procedures/tennyu`);
  await axe(dx, 'staff view of a procedure');
  await dx.goto(`${base}/staff/forms`);
  // The procedure is found by its name, typed and sent with the keyboard.
  await dx.focus('#q');
  await dx.keyboard.type('転入');
  await go(dx, () => dx.keyboard.press('Enter'));
  await go(dx, () => dx.click('main a[href="/staff/forms/tennyu"]'));
  // A template: suggestions first; chosen with the mouse.
  await dx.check('#template-hanyo-shinsei');
  await go(dx, () => dx.click('button:has-text("このテンプレートで始める")'));
  assert.match(await dx.textContent('#builder-heading'), /下書き/);

  // A question with choices: added, then edited in the form that opens.
  await dx.selectOption('#kind-0', 'radio');
  await go(dx, () => dx.click('form.builder-add:has(#kind-0) button[type=submit]'));
  await dx.fill('#label_ja', '転入の理由');
  await dx.fill('#label_en', 'Why you moved in');
  await dx.fill('#options', '転勤 | Job transfer\n進学 | Study\nその他 | Other');
  await dx.check('#required');
  await go(dx, () => dx.click('button:has-text("この質問を保存")'));

  // A question shown only when その他 is chosen.
  await dx.selectOption('#kind-0', 'text');
  await go(dx, () => dx.click('form.builder-add:has(#kind-0) button[type=submit]'));
  await dx.fill('#label_ja', 'その他の理由');
  await dx.selectOption('#condition_field', 'radio_1');
  await dx.click('fieldset.condition-values[data-for="radio_1"] label:has-text("その他")');
  await axe(dx, 'form builder, editing a question');
  await go(dx, () => dx.click('button:has-text("この質問を保存")'));
  const summary = await dx.textContent('main');
  assert.match(summary, /「転入の理由」が その他/, 'the condition is shown in words');

  // The preview: the form at a phone's width, with the new questions.
  const preview = dx.locator('.phone-frame');
  assert.match(await preview.textContent(), /転入の理由/);
  const box = await preview.boundingBox();
  assert.ok(box && box.width <= 380, `the preview is phone-sized: ${box && box.width}`);
  await axe(dx, 'form builder');

  await dx.fill('#note', '転入の理由を追加しました。');
  await go(dx, () => dx.click('button:has-text("審査を依頼する")'));
  assert.match(await dx.textContent('main'), /審査を依頼しました/);

  console.log('a second administrator reviews and publishes');
  const reviewer = await signIn(browser, '/staff/login', reviewerLogin);
  await reviewer.goto(`${base}/staff/forms`);
  await go(reviewer, () => reviewer.click('a[href="/staff/forms/tennyu/review"]'));
  const rows = await reviewer.locator('table.diff tbody tr').allTextContents();
  assert.ok(rows.some((r) => r.includes('追加') && r.includes('転入の理由')), `the new question is listed: ${rows}`);
  assert.match(await reviewer.textContent('main'), /転入の理由を追加しました/);
  await axe(reviewer, 'form review');
  await go(reviewer, () => reviewer.click('button[value=publish]'));
  assert.match(new URL(reviewer.url()).pathname, /^\/staff\/forms\/tennyu\/versions\/1$/);
  await axe(reviewer, 'published version');
  await reviewer.goto(`${base}/staff/forms/tennyu/json`);
  await axe(reviewer, 'JSON editor');

  console.log('a resident applies on it');
  const resident = await signIn(browser, '/login', demo.resident_logins[1]);
  await resident.goto(`${base}/procedures/tennyu/apply`);
  const answers = {
    'applicant_name.family_name': '栄', 'applicant_name.given_name': '花子',
    'applicant_name.family_name_kana': 'サカエ', 'applicant_name.given_name_kana': 'ハナコ',
    postal_code: '460-8508', address: '名古屋市中区三の丸三丁目1番1号', phone: '052-961-1111',
    email: 'hanako@example.jp', subject: '転入届', details: '東京都から転入します。',
  };
  for (const [name, value] of Object.entries(answers)) await resident.fill(`[name="${name}"]`, value);
  await resident.check('[name="radio_1"][value="option_3"]');
  await resident.fill('[name="text_1"]', '家族の介護のため');
  await resident.check('[name="consent"]');
  await go(resident, () => resident.click('button:has-text("入力内容を確認する"):not(.visually-hidden)'));
  assert.match(await resident.content(), /家族の介護のため/);
  await go(resident, () => resident.click('button:has-text("この内容で申請する")'));
  const receipt = (await resident.textContent('.receipt-number strong')).trim();
  assert.match(receipt, /^R\d+-\d{7}$/);
  console.log(`  receipt ${receipt}`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.log(`${failures.length} violations:`);
  for (const failure of failures) console.log(`  ${failure}`);
  process.exit(1);
}
console.log('built, reviewed, published and applied on; no violations at WCAG 2.1 A and AA');
