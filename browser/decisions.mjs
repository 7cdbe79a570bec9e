// Decisions as a new clerk and a resident meet them: the 子育て支援課 manager
// tries to refuse a case without a reason and is told so on the page, then
// refuses with one through the confirmation page and is offered the next
// case; the case page has the answers beside the actions at 1366 px with no
// sideways scrolling, and passes axe-core (WCAG 2.1 A and AA) in Japanese
// and English; the resident finds the withdraw button at the end of their
// application's page, and withdrawing asks first.

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
const wide = { viewport: { width: 1366, height: 900 }, locale: 'ja-JP', bypassCSP: true };
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

async function noSidewaysScroll(page, name) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px`);
}

/// A 妊娠の届出 sent by the demo's business system; its receipt number.
async function caseFromTheApi(clinic) {
  const response = await fetch(`${base}/api/v1/procedures/ninshin-todoke/applications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.api_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      applicant_name: { family_name: '栄', given_name: '花子', family_name_kana: 'サカエ', given_name_kana: 'ハナコ' },
      birth_date: '平成6年7月8日', postal_code: '4600008', address: '名古屋市中区栄四丁目1番8号',
      phone: '052-000-0000', due_date: '2027-05-01', weeks: 10, multiple: 'no', clinic, interview: 'ward',
    }),
  });
  assert.equal(response.status, 201);
  return (await response.json()).receipt_number;
}

/// Answers a question of the form whatever its kind.
async function answer(page, name, value) {
  const field = page.locator(`[name="${name}"]`).first();
  const kind = await field.evaluate((e) => (e.tagName === 'SELECT' ? 'select' : e.type));
  if (kind === 'radio' || kind === 'checkbox') await page.check(`[name="${name}"][value="${value}"]`);
  else if (kind === 'select') await page.selectOption(`[name="${name}"]`, value);
  else await field.fill(value);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const next = await caseFromTheApi('大須クリニック');
  const receipt = await caseFromTheApi('栄クリニック');
  const login = demo.staff_logins.find((l) => l.role === 'manager' && l.section === 'kodomo-kosodate');
  const manager = await signIn(browser, wide, '/staff/login', login);

  console.log('the case page at 1366 px: answers beside the actions');
  await manager.goto(`${base}/staff/applications/${receipt}`);
  const start = manager.locator('form:has(input[name=action][value=start_review])');
  await Promise.all([manager.waitForNavigation(), start.locator('button').click()]);
  assert.match(await manager.textContent('#done'), /審査開始/);
  const answers = await manager.locator('.case-answers').boundingBox();
  const actions = await manager.locator('.case-actions').boundingBox();
  assert.ok(actions.x > answers.x + answers.width - 1, 'the actions stand beside the answers');
  assert.ok(Math.abs(actions.y - answers.y) < 50, 'side by side, at the same height');
  await noSidewaysScroll(manager, 'the case page (ja)');
  await axe(manager, 'case page (ja, 1366 px)');
  const history = await manager.locator('ol.history').textContent();
  assert.match(history, /受付/);
  assert.match(history, /審査開始/);
  assert.ok(history.includes(login.name), `the history names the manager: ${history}`);
  assert.doesNotMatch(history, /application\.|staff:/, 'no raw keys or ids');

  console.log('a refusal without a reason is refused, with the form kept');
  const reject = manager.locator('form:has(input[name=action][value=reject])');
  await Promise.all([manager.waitForNavigation(), reject.locator('button').click()]);
  assert.match(await manager.textContent('.error-summary'), /理由を入力してください/);
  assert.equal(await manager.getAttribute('#comment-reject', 'aria-invalid'), 'true');
  await axe(manager, 'case page with an error (ja)');
  await manager.click('.error-summary a[href="#comment-reject"]');
  assert.equal(await manager.evaluate(() => document.activeElement.id), 'comment-reject', 'the summary leads to the field');
  await manager.fill('#comment-reject', '出産予定日が届出の対象期間の外にあるため');
  await Promise.all([manager.waitForNavigation(), manager.locator('form:has(input[name=action][value=reject]) button').click()]);

  console.log('the confirmation says what will happen, and nothing changed yet');
  assert.match(await manager.textContent('#consequence'), /取り消すことはできません/);
  assert.match(await manager.textContent('main'), /出産予定日が届出の対象期間の外にあるため/);
  await axe(manager, 'confirmation page (ja)');
  await noSidewaysScroll(manager, 'the confirmation page');
  await Promise.all([manager.waitForNavigation(), manager.click('button[name=confirm][value="1"]')]);
  assert.match(await manager.textContent('#done'), /不承認/);
  assert.match(await manager.textContent('.status'), /不承認/);
  const badge = await manager.locator('dl.facts .status').getAttribute('class');
  assert.match(badge, /status-rejected/, 'a refusal has its own badge');
  const mark = await manager.locator('dl.facts .status').evaluate((e) => getComputedStyle(e, '::before').content);
  assert.match(mark, /✕/, 'and its own mark, not colour alone');
  const nextLink = manager.locator('#done a.button');
  assert.match(await nextLink.textContent(), new RegExp(next), 'the next case of the section is offered');

  console.log('the case page in English');
  await manager.goto(`${base}/staff/applications/${receipt}?lang=en`);
  assert.match(await manager.textContent('ol.history'), /Review started/);
  await noSidewaysScroll(manager, 'the case page (en)');
  await axe(manager, 'case page (en, 1366 px)');
  await Promise.all([manager.waitForNavigation(), manager.goto(`${base}/staff/applications/${next}?lang=en`)]);
  await axe(manager, 'an open case page (en, 1366 px)');

  console.log('the resident withdraws, after being asked');
  const me = await signIn(browser, phone, '/login', demo.resident_logins[0]);
  await me.goto(`${base}/procedures/ninshin-todoke/apply`);
  const fields = {
    'applicant_name.family_name': '名古屋', 'applicant_name.given_name': '花子',
    'applicant_name.family_name_kana': 'ナゴヤ', 'applicant_name.given_name_kana': 'ハナコ',
    birth_date: '1994-07-08', postal_code: '4608508', address: '名古屋市中区三の丸三丁目1番1号',
    phone: '052-961-1111', due_date: '2099-05-01', weeks: '10', multiple: 'no', clinic: '名古屋クリニック',
    interview: 'ward',
  };
  for (const [name, value] of Object.entries(fields)) await answer(me, name, value);
  // The form's own button: the language buttons and "keep as a draft" have a name.
  await Promise.all([me.waitForNavigation(), me.click('main form button[type=submit]:not(.visually-hidden):not([name])')]);
  await Promise.all([me.waitForNavigation(), me.click('button[name=__step][value=submit]')]);
  const mine = (await me.textContent('.receipt-number strong')).trim();
  await me.goto(`${base}/my/applications/${mine}`);
  const withdraw = me.locator('form.withdraw button');
  assert.match(await withdraw.getAttribute('class'), /button-secondary/);
  const withdrawY = (await withdraw.boundingBox()).y;
  const answersY = (await me.locator('dl.facts').boundingBox()).y;
  assert.ok(withdrawY > answersY, 'the withdraw button comes after the answers');
  await axe(me, 'resident application page (ja, phone)');
  await Promise.all([me.waitForNavigation(), withdraw.click()]);
  assert.match(await me.textContent('h1'), /取り下げますか/);
  assert.match(await me.textContent('#consequence'), /元に戻せません/);
  await axe(me, 'withdraw confirmation (ja, phone)');
  await noSidewaysScroll(me, 'the withdraw confirmation');
  await Promise.all([me.waitForNavigation(), me.click('form button[type=submit]:has-text("取り下げる")')]);
  assert.match(await me.textContent('main .status'), /取下げ/);
  assert.equal(await me.locator('form.withdraw').count(), 0, 'nothing left to withdraw');

  assert.deepEqual(failures, [], `axe-core found:\n${failures.join('\n')}`);
  console.log('decisions browser test passed');
} finally {
  await browser.close();
}
