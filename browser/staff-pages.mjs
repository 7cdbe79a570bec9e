// The back office on a desk screen (1366×768): a section clerk and a DX
// office administrator sign in; the staff header carries the back-office
// menu and only Japanese/English; the inbox shows its columns; every staff
// page type passes axe-core (WCAG 2.1 A and AA) in Japanese and English
// and needs no sideways scrolling.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { enterCode } from './totp.mjs';

const base = process.env.MADOGUCHI_URL;
const dataDir = process.env.MADOGUCHI_DATA_DIR;
assert.ok(base && dataDir, 'MADOGUCHI_URL and MADOGUCHI_DATA_DIR must be set');
const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const desk = { viewport: { width: 1366, height: 768 }, locale: 'ja-JP', bypassCSP: true };

const clerkLogin = demo.staff_logins.find((l) => l.role === 'clerk' && l.section === 'kodomo-kosodate');
const dxLogin = demo.staff_logins.find((l) => l.role === 'dx_admin');
assert.ok(clerkLogin && dxLogin, 'demo logins for a clerk and the DX office');

async function signIn(browser, login) {
  const context = await browser.newContext(desk);
  const page = await context.newPage();
  await page.goto(`${base}/staff/login`);
  await page.fill('#email', login.email);
  await page.fill('#password', login.password);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  if (new URL(page.url()).pathname === '/staff/login/code') {
    await enterCode(page, login.totp_secret);
  }
  return page;
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

async function fitsTheScreen(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1366) failures.push(`${name}: ${width} px wide at 1366 px (sideways scroll)`);
}

/// Visits `path` in Japanese and English; a page this person may not see
/// (403) is skipped, anything else that fails is a failure.
async function check(page, path, name) {
  for (const lang of ['ja', 'en']) {
    const url = `${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
    const response = await page.goto(url);
    const status = response ? response.status() : 0;
    if (status === 403) {
      console.log(`  ${name} (${lang}): not for this role`);
      return;
    }
    if (status >= 400) {
      failures.push(`${name} (${lang}): HTTP ${status}`);
      continue;
    }
    const header = page.locator('header.staff-header');
    assert.equal(await header.count(), 1, `${name}: the staff header`);
    assert.equal(await header.locator('[hreflang]').count(), 2, `${name}: Japanese and English only`);
    await axe(page, `${name} (${lang})`);
    await fitsTheScreen(page, `${name} (${lang})`);
  }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  // A case for the inbox and the case page: a 妊娠の届出 for 子育て支援課.
  const body = {
    applicant_name: { family_name: '栄', given_name: '花子', family_name_kana: 'サカエ', given_name_kana: 'ハナコ' },
    birth_date: '平成6年7月8日', postal_code: '4600008', address: '名古屋市中区栄四丁目1番8号',
    phone: '052-000-0000', due_date: '2027-05-01', weeks: 10, multiple: 'no',
    clinic: '栄クリニック', interview: 'ward',
  };
  const submitted = await fetch(`${base}/api/v1/procedures/ninshin-todoke/applications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.api_token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(submitted.status, 201, 'the API takes the application');
  const receipt = (await submitted.json()).receipt_number;

  // A question nobody answers, for the assistant's review page.
  const asked = await fetch(`${base}/api/v1/assistant?q=${encodeURIComponent('宇宙人を見たので届けたい')}`);
  assert.equal(asked.status, 200, 'the assistant answers');
  assert.equal((await asked.json()).abstained, true, 'and says it does not know');

  console.log('the DX office opens a survey round, and checks its pages');
  const dx = await signIn(browser, dxLogin);
  await dx.goto(`${base}/staff/survey`);
  if (await dx.locator('#quarter').count()) {
    await dx.fill('#quarter', '2025-2');
    await dx.fill('#deadline', '2099-07-15');
    await Promise.all([dx.waitForNavigation(), dx.click('main form button[type=submit]')]);
  }
  await dx.goto(`${base}/staff/survey`);
  const round = await dx.locator('main a[href^="/staff/survey/R"]').first().getAttribute('href');
  assert.ok(round, 'a survey round is listed');
  const header = await dx.textContent('header.staff-header');
  for (const item of ['受付一覧', '担当案件', '案件検索', '進捗', '様式', 'ログアウト', dxLogin.name]) {
    assert.ok(header.includes(item), `the DX office's header has ${item}: ${header}`);
  }
  for (const [path, name] of [
    ['/staff', 'account page'],
    ['/staff/progress', 'progress'],
    ['/staff/survey', 'survey list'],
    [round, 'survey round (DX office)'],
    ['/staff/forms', 'forms list'],
    ['/staff/form-templates', 'form templates'],
    ['/staff/notice-templates', 'notice templates'],
    ['/staff/fee-schedules', 'fee schedules'],
    ['/staff/payments', 'payments'],
    ['/staff/api-tokens', 'API tokens'],
    ['/staff/webhooks', 'webhooks'],
    ['/staff/layouts', 'layouts'],
    ['/staff/disposals', 'disposals'],
    ['/staff/search-words', 'search words'],
    [`/staff/search-words?try=${encodeURIComponent('引っ越し')}`, 'search words, tried'],
    ['/staff/bereavement', 'bereavement rules'],
    ['/staff/guide', 'life-event guide'],
    ['/staff/assistant', 'FAQ and questions asked'],
  ]) {
    await check(dx, path, name);
  }

  console.log('a section clerk works the inbox, a case and the survey');
  const clerk = await signIn(browser, clerkLogin);
  await clerk.goto(`${base}/staff/applications`);
  const clerkHeader = await clerk.textContent('header.staff-header');
  for (const item of ['受付一覧', '担当案件', '案件検索', '進捗', 'ログアウト', clerkLogin.name]) {
    assert.ok(clerkHeader.includes(item), `the clerk's header has ${item}`);
  }
  assert.ok(!clerkHeader.includes('様式'), 'forms are the DX office\'s');
  const headings = (await clerk.locator('table.inbox thead th').allTextContents()).map((t) => t.trim());
  for (const heading of ['受付番号', '申請者', '手続', '受付日時', '処理期限', '状態', '担当者']) {
    assert.ok(headings.some((h) => h.startsWith(heading)), `the inbox has ${heading}: ${headings}`);
  }
  assert.equal(await clerk.locator('table.inbox th[aria-sort="descending"]').count(), 1, 'sorted newest first');
  assert.ok((await clerk.locator(`table.inbox a[href="/staff/applications/${receipt}"]`).count()) === 1, 'the case is listed');
  for (const [path, name] of [
    ['/staff/applications', 'inbox'],
    ['/staff/applications?sort=applicant&dir=asc', 'inbox sorted by applicant'],
    ['/staff/applications?assigned=me', 'my cases'],
    ['/staff/search', 'case search'],
    [`/staff/search?q=${receipt}`, 'case search with a result'],
    [`/staff/applications/${receipt}`, 'case page'],
    ['/staff/progress', 'progress (clerk)'],
    ['/staff/survey', 'survey list (clerk)'],
    [round, 'survey round (clerk)'],
    ['/staff/notices', 'notices'],
    ['/staff/payments', 'payments (clerk)'],
    ['/staff/layouts', 'layouts (clerk)'],
  ]) {
    await check(clerk, path, name);
  }
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('staff pages: header, inbox columns, axe and width at 1366 px all pass');
