// A resident applies for 児童手当 from a phone with an attachment; a clerk
// asks for a correction; the resident corrects it; the manager approves;
// the resident sees every step on the my page and in the mail. Headless
// Debian Chromium through playwright-core; a screenshot of each step is
// kept in browser/screenshots/.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const base = process.env.MADOGUCHI_URL;
const dataDir = process.env.MADOGUCHI_DATA_DIR;
assert.ok(base && dataDir, 'MADOGUCHI_URL and MADOGUCHI_DATA_DIR must be set');
const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
const shots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ja-JP' };
const desk = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let step = 0;
async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

async function signIn(browser, options, path, login) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.fill('#email', login.email);
  await page.fill('#password', login.password);
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  if (new URL(page.url()).pathname === '/staff/login/code') {
    // Staff: the code their authenticator app shows (the key is in demo.json).
    await page.fill('#code', totp(login.totp_secret));
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  }
  return page;
}

function staffLogin(role, section) {
  const login = demo.staff_logins.find((l) => l.role === role && l.section === section);
  assert.ok(login, `a ${role} of ${section} in demo.json`);
  return login;
}

function mailsTo(address) {
  const dir = join(dataDir, 'mail');
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((text) => text.includes(`To: ${address}\n`));
}

async function waitForMail(address, words) {
  for (let i = 0; i < 100; i += 1) {
    const found = mailsTo(address).find((text) => text.includes(words));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${address} with ${words}`);
}

/// Takes a step from the case page, with a comment to the applicant; a
/// decision is confirmed on the page that says what it will do.
async function takeStep(page, action, comment) {
  const form = page.locator(`form:has(input[name=action][value=${action}])`);
  if (comment) await form.locator('textarea').fill(comment);
  await Promise.all([page.waitForNavigation(), form.locator('button').click()]);
  const confirm = page.locator('button[name=confirm][value="1"]');
  if (await confirm.count()) {
    assert.match(await page.content(), /まだ何も変わっていません/, 'nothing changes before the confirmation');
    await Promise.all([page.waitForNavigation(), confirm.click()]);
  }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const resident = demo.resident_logins[0];
  console.log('resident applies from a phone');
  const me = await signIn(browser, phone, '/login', resident);
  await me.goto(`${base}/procedures/jidou-teate-nintei`);
  await shot(me, 'procedure-page');
  await Promise.all([me.waitForNavigation(), me.click('a[href="/procedures/jidou-teate-nintei/apply"]')]);
  const answers = {
    'applicant_name.family_name': '名古屋',
    'applicant_name.given_name': '花子',
    'applicant_name.family_name_kana': 'なごや',
    'applicant_name.given_name_kana': 'はなこ',
    birth_date: '1990-04-01',
    postal_code: '460-8508',
    address: '名古屋市中区三の丸三丁目1番1号',
    phone: '052-961-1111',
    'children[0].name.family_name': '名古屋',
    'children[0].name.given_name': '一郎',
    'children[0].name.family_name_kana': 'ナゴヤ',
    'children[0].name.given_name_kana': 'イチロウ',
    'children[0].birth_date': '2023-06-01',
    'account.bank_code': '0001',
    'account.branch_code': '001',
    'account.account_number': '1234567',
    'account.account_holder': 'なごや はなこ',
  };
  for (const [name, value] of Object.entries(answers)) {
    await me.fill(`[name="${name}"]`, value);
  }
  await me.check('[name="relationship"][value="mother"]');
  await me.selectOption('[name="pension"]', 'kosei');
  // 預金種目 is a choice now, not free text.
  await me.selectOption('[name="account.account_type"]', '普通');
  await me.check('[name="children[0].living_together"][value="together"]');
  await me.setInputFiles('[name="id_document"]', { name: '本人確認書類.pdf', mimeType: 'application/pdf', buffer: pdf });
  await me.check('[name="consent"]');
  await shot(me, 'form-filled');
  await Promise.all([me.waitForNavigation(), me.click('button:has-text("入力内容を確認する"):not(.visually-hidden)')]);
  const problems = me.locator('.error-summary');
  if (await problems.count()) assert.fail(`the form was refused: ${await problems.first().textContent()}`);
  assert.match(await me.content(), /本人確認書類\.pdf/, 'the confirm page names the attachment');
  assert.match(await me.content(), /ナゴヤ ハナコ/, 'furigana in katakana');
  await shot(me, 'confirm');
  await Promise.all([me.waitForNavigation(), me.click('button:has-text("この内容で申請する")')]);
  const receipt = (await me.textContent('.receipt-number strong')).trim();
  assert.match(receipt, /^R\d+-\d{7}$/);
  await shot(me, 'receipt');
  console.log(`  receipt ${receipt}`);
  await waitForMail(resident.email, receipt);

  console.log('clerk asks for a correction');
  const clerk = await signIn(browser, desk, '/staff/login', staffLogin('clerk', 'kodomo-kosodate'));
  await clerk.goto(`${base}/staff/applications`);
  await shot(clerk, 'inbox');
  await Promise.all([clerk.waitForNavigation(), clerk.click(`a:has-text("${receipt}")`)]);
  const download = clerk.locator(`a[href^="/staff/applications/${receipt}/attachments/"]`);
  assert.equal(await download.count(), 1, 'the case page links the attachment');
  const file = await clerk.request.get(`${base}${await download.getAttribute('href')}`);
  assert.equal(file.status(), 200);
  assert.deepEqual(Buffer.from(await file.body()), pdf, 'the clerk gets the file as sent');
  await takeStep(clerk, 'start_review');
  await takeStep(clerk, 'request_correction', '口座番号をご確認ください。通帳の表紙の番号を入力してください。');
  await shot(clerk, 'correction-requested');
  await waitForMail(resident.email, '口座番号をご確認ください');

  console.log('resident corrects from the my page');
  await me.goto(`${base}/my/applications/${receipt}`);
  assert.match(await me.content(), /補正（修正）の依頼があります/);
  await shot(me, 'my-page-correction');
  await Promise.all([me.waitForNavigation(), me.click('a:has-text("内容を修正して再提出する")')]);
  assert.match(await me.content(), /口座番号をご確認ください/, 'the request is shown with the form');
  assert.match(await me.content(), /添付済み/, 'the attachment is kept');
  await me.fill('[name="account.account_number"]', '7654321');
  await shot(me, 'correction-form');
  await Promise.all([me.waitForNavigation(), me.click('button:has-text("この内容で再提出する"):not(.visually-hidden)')]);
  await shot(me, 'resubmitted');

  console.log('clerk reviews, manager approves');
  await clerk.goto(`${base}/staff/applications/${receipt}`);
  assert.match(await clerk.content(), /7654321/, 'the clerk sees the corrected answer');
  await takeStep(clerk, 'start_review');
  assert.equal(await clerk.locator('input[name=action][value=approve]').count(), 0, 'decisions are the manager’s');
  const manager = await signIn(browser, desk, '/staff/login', staffLogin('manager', 'kodomo-kosodate'));
  await manager.goto(`${base}/staff/applications/${receipt}`);
  await takeStep(manager, 'approve', '認定しました。');
  await shot(manager, 'approved');
  await waitForMail(resident.email, '承認');

  console.log('resident sees every step');
  await me.goto(`${base}/my/applications/${receipt}`);
  const history = await me.locator('ol li').allTextContents();
  for (const label of ['受付済み', '審査中', '補正依頼中', '補正済み', '承認']) {
    assert.ok(history.some((line) => line.includes(label)), `history shows ${label}: ${history.join(' / ')}`);
  }
  await shot(me, 'my-page-approved');
  const overflow = await me.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no sideways scrolling on a phone');
  console.log(`browser test passed: ${step} screenshots in ${shots}`);
} finally {
  await browser.close();
}
