// Paying a fee as a resident meets it: the demo resident applies for
// 住民票の写し (2 copies), sees 600円 on the confirm page, pays by card on the
// sandbox provider's page the demo started, comes back to "paid" and
// downloads the 領収書; the 市民課 clerk sees the case paid and may start
// the review. axe-core (WCAG 2.1 A and AA) over the platform's pages on
// the way.

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
const desk = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true };
const phone = { viewport: { width: 375, height: 740 }, locale: 'ja-JP', bypassCSP: true, isMobile: true };
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

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
  console.log('the resident applies for two copies of the residence record');
  const me = await signIn(browser, phone, '/login', demo.resident_logins[0]);
  await me.goto(`${base}/procedures/juminhyo-utsushi/apply`);
  const answers = {
    'applicant_name.family_name': '名古屋',
    'applicant_name.given_name': '一子',
    'applicant_name.family_name_kana': 'なごや',
    'applicant_name.given_name_kana': 'かずこ',
    birth_date: '1985-04-01',
    postal_code: '460-8508',
    address: '名古屋市中区三の丸三丁目1番1号',
    phone: '052-961-1111',
    'persons[0].name': '名古屋 一子',
    copies: '2',
  };
  for (const [name, value] of Object.entries(answers)) {
    await me.fill(`[name="${name}"]`, value);
  }
  await me.check('[name="scope"][value="some"]');
  await me.selectOption('[name="purpose"]', 'work');
  await me.setInputFiles('[name="id_document"]', { name: '本人確認書類.pdf', mimeType: 'application/pdf', buffer: pdf });
  await Promise.all([me.waitForNavigation(), me.click('button:has-text("入力内容を確認する"):not(.visually-hidden)')]);
  const confirm = await me.textContent('main');
  assert.match(confirm, /手数料/, 'the confirm page shows the fee');
  assert.match(confirm, /600円/, '2 copies at 300円');
  await axe(me, 'confirm page with the fee');
  await Promise.all([me.waitForNavigation(), me.click('button:has-text("この内容で申請する")')]);
  const receipt = (await me.textContent('.receipt-number strong')).trim();
  console.log(`  receipt ${receipt}`);
  await axe(me, 'receipt with the way to pay');

  console.log('pays by card on the provider page');
  await Promise.all([me.waitForNavigation(), me.click('a:has-text("お支払いへ進む")')]);
  assert.match(await me.textContent('#payment-total'), /600円/);
  await axe(me, 'payment page');
  const payPage = me.url();
  // The rest in a browser that keeps the pages' security policy (the axe
  // checks above need it bypassed): the way to the provider must pass it.
  const strict = await browser.newContext({ ...phone, bypassCSP: false });
  await strict.addCookies(await me.context().cookies());
  const payer = await strict.newPage();
  const blocked = [];
  payer.on('console', (m) => { if (/Content Security Policy|violates/.test(m.text())) blocked.push(m.text()); });
  await payer.goto(payPage);
  await payer.check('[name="method"][value="card"]');
  await payer.click('button:has-text("支払いへ進む")');
  await payer.waitForURL((u) => u.origin !== new URL(base).origin, { timeout: 15000 });
  assert.deepEqual(blocked, [], 'nothing blocked on the way to the provider');
  assert.match(await payer.textContent('body'), /600円/, 'the provider shows the amount');
  await payer.click('button[name="outcome"][value="pay"]');
  await payer.waitForURL((u) => u.origin === new URL(base).origin, { timeout: 15000 });
  assert.match(await payer.textContent('#payment-message'), /お支払いが完了しました/);
  assert.match(await payer.textContent('#payment-state'), /納付済み/);
  assert.deepEqual(blocked, [], 'nothing blocked on the way back');
  await me.goto(payPage);
  await axe(me, 'payment page, paid');
  const receiptPdf = await me.request.get(`${base}${await me.getAttribute('#receipt-link', 'href')}`);
  assert.equal(receiptPdf.status(), 200);
  assert.equal(receiptPdf.headers()['content-type'], 'application/pdf');
  assert.ok((await receiptPdf.body()).subarray(0, 4).toString() === '%PDF', 'the 領収書 is a PDF');
  await me.goto(`${base}/my/applications/${receipt}`);
  assert.match(await me.textContent('main'), /納付済み/, 'the my page says paid');

  console.log('the clerk sees the case paid');
  const procedure = await (await me.request.get(`${base}/api/v1/procedures/juminhyo-utsushi`)).json();
  const section = procedure.section?.id;
  const login = demo.staff_logins.find((l) => l.role === 'clerk' && l.section === section);
  assert.ok(login, `a clerk of ${section}`);
  const clerk = await signIn(browser, desk, '/staff/login', login);
  await clerk.goto(`${base}/staff/applications/${receipt}`);
  const caseText = await clerk.textContent('main');
  assert.match(caseText, /納付済み/, 'the case says paid');
  assert.doesNotMatch(caseText, /審査を始められません/, 'no hold once paid');
  await clerk.goto(`${base}/staff/applications/${receipt}/payments`);
  assert.match(await clerk.textContent('main'), /クレジットカード/);
  await axe(clerk, 'case payments');

  console.log('the DX office reads the day and the fee schedules');
  const dx = await signIn(browser, desk, '/staff/login', demo.staff_logins.find((l) => l.role === 'dx_admin'));
  await dx.goto(`${base}/staff/payments`);
  assert.match(await dx.textContent('main'), /一致/, 'the day agrees with the provider');
  assert.match(await dx.textContent('#total-paid'), /600円/);
  await axe(dx, 'daily reconciliation');
  await dx.goto(`${base}/staff/fee-schedules`);
  await axe(dx, 'fee schedules');
  await dx.goto(`${base}/staff/fee-schedules/juminhyo-utsushi`);
  assert.match(await dx.inputValue('#schedule'), /"unit_yen": 300/);
  await axe(dx, 'fee schedule editor');
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('payments: ok');
