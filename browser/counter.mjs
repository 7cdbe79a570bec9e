// Queue tickets at a ward office (crates/counter), end to end: a resident
// takes a 証明書 (line B) ticket at 中区役所's kiosk and follows it on a phone
// (375 px); the hall display and the public congestion page stay open; a
// clerk of the line's section signs in and presses 次の方を呼ぶ until the
// resident's number comes up. Without reloading, the congestion page's
// waiting count goes up when the ticket is taken, the display lists the
// number and the congestion page shows it as called; the phone's ticket
// page (which reloads itself by design) says お呼びしています and the window.
// A resident fills in 粗大ごみ on the phone and makes the counter's QR code;
// the clerk gives the console a picture of it and accepts the answers.
// axe-core (WCAG 2.1 A and AA) over every page of the queue and the desk.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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
// A hall kiosk: a portrait touch screen.
const kiosk = { viewport: { width: 1080, height: 1920 }, locale: 'ja-JP', bypassCSP: true, hasTouch: true };
const phone = { viewport: { width: 375, height: 740 }, locale: 'ja-JP', bypassCSP: true, isMobile: true, hasTouch: true };
// Live updates come through the office's event stream; give them time.
const live = { timeout: 10000 };

const office = 'naka';
const lineId = 'naka-b';
const window3 = '3';
const clerkLogin = demo.staff_logins.find((l) => l.role === 'clerk' && l.section === 'ward-shimin');
assert.ok(clerkLogin, 'a demo login for a clerk of ward-shimin (the 証明書 line)');

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
  assert.ok(new URL(page.url()).pathname.startsWith('/staff'), `signed in: ${page.url()}`);
  return page;
}

/// Opens a live page and waits until its event stream has answered, so
/// that what happens next reaches it as an update, not as a page load.
/// The page is marked: a reload or another navigation loses the mark.
async function openLive(page, path) {
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === `/counters/${office}/events`, live);
  const response = await page.goto(`${base}${path}`);
  assert.equal(response.status(), 200, `${path}: HTTP ${response.status()}`);
  const answered = await stream;
  assert.equal(answered.status(), 200, `${path}: the event stream answers`);
  assert.match(answered.headers()['content-type'] || '', /text\/event-stream/);
  await page.evaluate(() => { window.__notReloaded = true; });
}

async function notReloaded(page, name) {
  assert.equal(await page.evaluate(() => window.__notReloaded === true), true, `${name} was not reloaded`);
}

function waitingOn(page) {
  return page.textContent(`tr[data-line="${lineId}"] [data-waiting]`).then((t) => Number(t.trim()));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log('the offices and their lamps');
  const hall = await browser.newContext(desk);
  const offices = await hall.newPage();
  await offices.goto(`${base}/counters`);
  const naka = offices.locator(`table.congestion-table a[href="/counters/${office}"]`);
  assert.equal(await naka.count(), 1, '中区役所 is listed');
  assert.match(await naka.textContent(), /中区役所/);
  const lampWords = (await offices.locator('table.congestion-table [data-lamp-words]').allTextContents()).map((t) => t.trim());
  assert.ok(lampWords.length > 0, 'every office has a lamp');
  for (const words of lampWords) {
    assert.ok(['青：空いています', '黄：やや混んでいます', '赤：混んでいます'].includes(words), `a lamp says ${words}`);
  }
  await axe(offices, '/counters');

  console.log('the congestion page and the hall display, open and live');
  const congestion = await hall.newPage();
  await openLive(congestion, `/counters/${office}`);
  // The first event has been applied: the time is the script's own.
  await congestion.waitForFunction(() => /^\d{1,2}:\d{2}:\d{2}$/.test(document.querySelector('[data-updated]').textContent.trim()), null, live);
  const waitingBefore = await waitingOn(congestion);
  assert.ok(Number.isInteger(waitingBefore), 'the congestion page shows how many wait at B');
  await axe(congestion, `/counters/${office}`);

  const display = await hall.newPage();
  await openLive(display, `/counters/${office}/display`);
  await display.waitForSelector('ol[data-calls][data-key]', { ...live, state: 'attached' });
  await axe(display, `/counters/${office}/display`);

  console.log('a resident takes a ticket for 証明書 at the kiosk');
  const kioskPage = await (await browser.newContext(kiosk)).newPage();
  await kioskPage.goto(`${base}/counters/${office}/kiosk`);
  await axe(kioskPage, `/counters/${office}/kiosk`);
  const button = kioskPage.locator(`form:has(input[name=line][value="${lineId}"]) button.kiosk-button`);
  assert.equal(await button.count(), 1, 'one button for line B');
  assert.match(await button.textContent(), /証明書/);
  await Promise.all([kioskPage.waitForNavigation(), button.click()]);
  const taken = new URL(kioskPage.url());
  assert.match(taken.pathname, /^\/queue\/[^/]+$/, `the kiosk shows the ticket: ${kioskPage.url()}`);
  assert.equal(taken.searchParams.get('new'), '1');
  const ticketPath = taken.pathname;
  const number = (await kioskPage.textContent('.ticket-number')).trim();
  assert.match(number, /^B-\d{3}$/, `a line B number: ${number}`);
  const aheadAtKiosk = Number((await kioskPage.textContent('[data-ahead]')).trim());
  assert.equal(aheadAtKiosk, waitingBefore, 'everyone who was waiting is ahead');
  const qr = kioskPage.locator('figure.ticket-qr img');
  assert.match(await qr.getAttribute('src'), /^data:image\//, 'a QR code');
  assert.ok((await qr.getAttribute('alt')).includes('QRコード'));
  assert.ok((await kioskPage.textContent('figure.ticket-qr figcaption')).trim().endsWith(ticketPath), 'the QR code opens the ticket');
  await axe(kioskPage, 'ticket page at the kiosk');
  console.log(`  ticket ${number}, ${aheadAtKiosk} ahead`);

  // The congestion page counts the new ticket without being reloaded.
  await congestion.waitForFunction(
    ([line, expected]) => document.querySelector(`tr[data-line="${line}"] [data-waiting]`).textContent.trim() === String(expected),
    [lineId, waitingBefore + 1],
    live,
  );
  await notReloaded(congestion, 'the congestion page');

  console.log('the resident follows the ticket on a phone');
  const ticket = await (await browser.newContext(phone)).newPage();
  await openLive(ticket, ticketPath);
  assert.equal((await ticket.textContent('.ticket-number')).trim(), number);
  assert.equal(Number((await ticket.textContent('[data-ahead]')).trim()), aheadAtKiosk);
  const width = await ticket.evaluate(() => document.documentElement.scrollWidth);
  if (width > 375) failures.push(`ticket page: ${width} px wide at 375 px (sideways scroll)`);
  await axe(ticket, 'ticket page (phone)');

  console.log('a clerk of the line calls the next until it is the resident');
  const clerk = await signIn(browser, clerkLogin);
  await clerk.goto(`${base}/staff/counters`);
  assert.equal(await clerk.locator(`main a[href="/staff/counters/${office}?line=${lineId}"]`).count(), 1, 'line B is the clerk\'s');
  await axe(clerk, '/staff/counters');
  const consolePath = `/staff/counters/${office}?line=${lineId}&window=${window3}`;
  await clerk.goto(`${base}${consolePath}`);
  const queued = (await clerk.locator('main table.data tbody tr td:first-child').allTextContents()).map((t) => t.trim());
  assert.equal(queued.length, aheadAtKiosk + 1, `the console lists everyone waiting: ${queued}`);
  assert.equal(queued[queued.length - 1], number, 'the resident is last in the queue');
  await axe(clerk, 'console');

  const called = [];
  for (let press = 0; press <= queued.length; press += 1) {
    const callNext = clerk.locator('#call-next');
    assert.match(await callNext.textContent(), press === 0 ? /次の方を呼ぶ/ : /完了して次の方を呼ぶ/);
    await Promise.all([clerk.waitForNavigation(), callNext.click()]);
    const serving = (await clerk.textContent('#serving')).trim();
    assert.match(await clerk.textContent('main [role=status]'), new RegExp(`${serving} 番の方をお呼びしました`));
    called.push(serving);
    if (press === 0) {
      await axe(clerk, 'console (serving)');
      // The phone sees its place move up, live.
      if (serving !== number) {
        await ticket.waitForFunction((n) => document.querySelector('[data-ahead]')?.textContent.trim() === String(n), aheadAtKiosk - 1, live);
        await notReloaded(ticket, 'the ticket page while waiting');
      }
    }
    if (serving === number) break;
  }
  assert.deepEqual(called, queued, 'the console calls the queue in order, up to the resident');
  console.log(`  called ${called.length}: ${called[0]} … ${called[called.length - 1]}`);

  console.log('the number is called everywhere');
  await display.waitForFunction(
    (n) => [...document.querySelectorAll('ol[data-calls] .hall-number')].some((el) => el.textContent.trim() === n),
    number,
    live,
  );
  // The latest call comes first, with its window and line.
  const entry = display.locator('ol[data-calls] li').first();
  assert.equal((await entry.locator('.hall-number').textContent()).trim(), number, 'the latest call is first');
  assert.equal((await entry.locator('.hall-window').textContent()).trim(), `窓口 ${window3}`, 'the display says which window');
  assert.match(await entry.locator('.hall-line').textContent(), /証明書/);
  assert.equal(await display.locator('[data-no-calls]').isHidden(), true);
  await notReloaded(display, 'the hall display');

  await congestion.waitForFunction(
    ([line, n]) => document.querySelector(`tr[data-line="${line}"] [data-calling]`).textContent.split(',').map((s) => s.trim()).includes(n),
    [lineId, number],
    live,
  );
  assert.equal(await waitingOn(congestion), waitingBefore + 1 - called.length, 'the congestion page counts those called off');
  await notReloaded(congestion, 'the congestion page');

  // The ticket page reloads itself when its ticket is called.
  await ticket.waitForSelector('.ticket-called', live);
  const calledText = await ticket.textContent('.ticket-called');
  assert.match(calledText, /お呼びしています/);
  assert.match(calledText, new RegExp(`窓口 ${window3}`));
  await axe(ticket, 'ticket page when called (phone)');

  console.log('a resident books a visit on a phone and confirms it from the mail');
  const booker = await (await browser.newContext(phone)).newPage();
  await booker.goto(`${base}/counters/${office}/reserve`);
  await axe(booker, 'visit booking: choose');
  await booker.check(`#line-${lineId}`);
  await Promise.all([booker.waitForNavigation(), booker.click('main form[method=get] button[type=submit]')]);
  const slot = booker.locator('input[name=slot]:not([disabled])').first();
  await slot.check();
  await booker.fill('#email', 'browser-visit@example.jp');
  await booker.fill('#name', '画面 予約');
  await axe(booker, 'visit booking: time and contact');
  await Promise.all([booker.waitForNavigation(), booker.click('main form[method=post] button.button')]);
  assert.match(new URL(booker.url()).pathname, /^\/reservations\/[0-9a-f]{32}$/);
  assert.match(await booker.textContent('#booking-state'), /仮予約/);
  await axe(booker, 'visit booking page');
  const bookingId = new URL(booker.url()).pathname.split('/')[2];
  let link;
  for (let i = 0; i < 100 && !link; i += 1) {
    for (const file of readdirSync(join(dataDir, 'mail')).sort()) {
      const text = readFileSync(join(dataDir, 'mail', file), 'utf8');
      const found = text.split(/\s+/).find((w) => w.includes(`/reservations/${bookingId}/confirm?token=`));
      if (found) link = found;
    }
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(link, 'the confirmation mail');
  await booker.goto(`${base}${link.slice(link.indexOf('/reservations/'))}`);
  await axe(booker, 'visit booking: confirm');
  await Promise.all([booker.waitForNavigation(), booker.click('main form button.button')]);
  assert.match(await booker.textContent('#booking-state'), /予約済み/);

  console.log('a resident pre-fills on a phone; the counter opens it from the QR image');
  const resident = await (await browser.newContext(phone)).newPage();
  await resident.goto(`${base}/procedures/sodaigomi/apply`);
  const answers = {
    'applicant_name.family_name': '窓口', 'applicant_name.given_name': '事前',
    'applicant_name.family_name_kana': 'マドグチ', 'applicant_name.given_name_kana': 'ジゼン',
    postal_code: '4608508', address: '名古屋市中区三の丸三丁目1番1号', phone: '052-961-1111',
    email: 'browser-prefill@example.jp', 'items[0].count': '2', preferred_date: '2099-01-05',
  };
  for (const [name, value] of Object.entries(answers)) await resident.fill(`[name="${name}"]`, value);
  await resident.selectOption('[name="items[0].item"]', 'bed');
  await Promise.all([resident.waitForNavigation(), resident.click('form button[type=submit]:not([name]):not(.visually-hidden)')]);
  await Promise.all([resident.waitForNavigation(), resident.click('button[name=__step][value=counter]')]);
  assert.match(new URL(resident.url()).pathname, /^\/prefills\/[0-9a-f]{32}$/);
  const prefillId = new URL(resident.url()).pathname.split('/')[2];
  await axe(resident, 'pre-input QR code (phone)');
  // The picture the clerk's camera takes: the QR code as the phone shows it.
  const shot = join(dataDir, 'prefill-qr.png');
  await resident.locator('#prefill-qr').screenshot({ path: shot });

  await clerk.goto(`${base}/staff/counters/${office}/prefills`);
  await axe(clerk, 'pre-input reader');
  await clerk.setInputFiles('#picture', shot);
  await Promise.all([clerk.waitForNavigation(), clerk.click('main form[data-scanner] button[type=submit]')]);
  assert.equal(new URL(clerk.url()).pathname, `/staff/counters/${office}/prefills/${prefillId}`, 'the QR image opens the pre-input');
  const shown = await clerk.textContent('#prefill-answers');
  assert.match(shown, /マドグチ/);
  assert.match(shown, /ベッド/);
  await axe(clerk, 'pre-input check');
  await Promise.all([clerk.waitForNavigation(), clerk.click('main form button[type=submit]')]);
  const receiptNumber = (await clerk.textContent('#receipt-number')).trim();
  assert.match(receiptNumber, /^R\d+-\d{7}$/);
  await axe(clerk, 'pre-input received');
  await resident.reload();
  assert.match(await resident.textContent('main'), new RegExp(receiptNumber), 'the phone says it was received');
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('counter: a kiosk ticket called from the console shows on the display, the congestion page and the phone; a visit booked on a phone and confirmed from the mail; a pre-input opened at the counter from its QR image and accepted; axe passes');
