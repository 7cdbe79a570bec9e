// Signed notices as their users meet them: the demo resident opens the
// notice of their 要介護認定 from the my page (the accessible page and the
// signed PDF); anyone checks the PDF and the number with its check code on
// the public verification page; the 介護保険課 clerk sees that the resident
// has read it; the DX office opens the notice templates. axe-core (WCAG 2.1
// A and AA) over each of these pages.

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
assert.ok(demo.notice_pdf, 'demo.json names the demo notice (a Japanese font is installed)');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const desk = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true };
const phone = { viewport: { width: 375, height: 740 }, locale: 'ja-JP', bypassCSP: true, isMobile: true };

async function signIn(browser, options, path, login) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
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

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log('the resident opens the notice from the my page');
  const me = await signIn(browser, phone, '/login', demo.resident_logins[0]);
  await me.goto(`${base}/my/applications`);
  const link = me.locator('a', { hasText: '要介護' }).first();
  await Promise.all([me.waitForNavigation(), link.click()]);
  await Promise.all([me.waitForNavigation(), me.click('a:has-text("通知書を見る")')]);
  await axe(me, 'my notices');
  const number = (await me.locator('a[href^="/my/notices/"]').first().getAttribute('href')).split('/')[3];
  await Promise.all([me.waitForNavigation(), me.click(`a[href="/my/notices/${number}"]`)]);
  const text = await me.textContent('main');
  assert.match(text, /教示/, 'the page carries the appeal instruction');
  assert.match(text, /名古屋 一子/, 'addressed to the applicant');
  const code = text.match(/確認コード: ([A-Z0-9]{4}-[A-Z0-9]{4})/)[1];
  await axe(me, 'notice page');
  const pdf = await me.request.get(`${base}/my/notices/${number}/pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');

  console.log('anyone checks it on the verification page');
  const visitor = await (await browser.newContext(phone)).newPage();
  await visitor.goto(`${base}/verify`);
  await axe(visitor, 'verification page');
  await visitor.setInputFiles('#pdf', demo.notice_pdf);
  await Promise.all([visitor.waitForNavigation(), visitor.click('form[enctype] button[type=submit]')]);
  assert.match(await visitor.textContent('main'), /有効な通知書です/);
  await axe(visitor, 'verification: valid');
  await visitor.fill('#number', number.toLowerCase());
  await visitor.fill('#code', code);
  await Promise.all([visitor.waitForNavigation(), visitor.click('form[method=get] button[type=submit]')]);
  assert.match(await visitor.textContent('main'), /有効な通知書です/);
  await visitor.setInputFiles('#pdf', { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  await Promise.all([visitor.waitForNavigation(), visitor.click('form[enctype] button[type=submit]')]);
  assert.match(await visitor.textContent('main'), /PDF ファイルではありません/);
  await axe(visitor, 'verification: refused upload');

  console.log('the section sees that it was read');
  const clerk = await signIn(browser, desk, '/staff/login', demo.staff_logins.find((l) => l.email === 'kaigo.clerk@city.example.jp'));
  const receipt = (await (await fetch(`${base}/api/v1/notices/${number}`, { headers: { Authorization: `Bearer ${demo.api_token}` } })).json()).receipt_number;
  await clerk.goto(`${base}/staff/applications/${receipt}/notice`);
  assert.doesNotMatch(await clerk.textContent('main'), /未読/, 'read by the applicant');
  await axe(clerk, 'case notices');
  await clerk.goto(`${base}/staff/applications/${receipt}/notices/${number}`);
  await axe(clerk, 'staff notice page');
  await clerk.goto(`${base}/staff/notices`);
  assert.match(await clerk.textContent('main'), /要介護/, 'the section\'s procedures with notices');
  await axe(clerk, 'bulk issue');

  console.log('the DX office opens the notice templates');
  const dx = await signIn(browser, desk, '/staff/login', demo.staff_logins.find((l) => l.email === 'dx.admin@city.example.jp'));
  await dx.goto(`${base}/staff/notice-templates`);
  await axe(dx, 'notice templates');
  await dx.goto(`${base}/staff/notice-templates/default/rejected`);
  assert.match(await dx.textContent('main'), /理由/);
  await axe(dx, 'notice template editor');
} finally {
  await browser.close();
}
assert.deepEqual(failures, [], `accessibility violations:\n${failures.join('\n')}`);
console.log('notices: ok');
