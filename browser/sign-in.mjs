// Sign-in beyond the password: a new staff member sets up the two-step
// sign-in (QR code or key, a code, recovery codes) and signs in again with
// a code and with a recovery code; a resident registers a passkey with
// Chromium's virtual authenticator, signs in with it and removes it.
// Passkeys are bound to a host name, never an IP address, so that part
// visits the demo at localhost.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { totp } from './totp.mjs';

const base = process.env.MADOGUCHI_URL;
const dataDir = process.env.MADOGUCHI_DATA_DIR;
const staffPassword = process.env.MADOGUCHI_NEW_STAFF_PASSWORD;
assert.ok(base && dataDir && staffPassword, 'MADOGUCHI_URL, MADOGUCHI_DATA_DIR and MADOGUCHI_NEW_STAFF_PASSWORD must be set');
const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
const staffEmail = 'browser.clerk@city.example.jp';
const desk = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' };

async function submit(page, selector = 'main form button[type=submit]') {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function password(page, path, email, secret) {
  await page.goto(`${base}${path}`);
  await page.fill('#email', email);
  await page.fill('#password', secret);
  await submit(page);
}

async function signOut(page) {
  await page.goto(`${base}/staff`);
  await submit(page, 'form[action^="/logout"] button');
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log('a new staff member sets up the two-step sign-in');
  const context = await browser.newContext(desk);
  const page = await context.newPage();
  await password(page, '/staff/login', staffEmail, staffPassword);
  assert.equal(new URL(page.url()).pathname, '/staff/login/enrol');
  assert.ok(await page.locator('img[src^="data:image/svg+xml"]').count(), 'a QR code');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  assert.match(await page.textContent('#totp-uri'), /^otpauth:\/\/totp\//);
  // Before the code, no staff page opens.
  const peek = await context.newPage();
  await peek.goto(`${base}/staff/applications`);
  assert.equal(new URL(peek.url()).pathname, '/staff/login');
  await peek.close();
  await page.fill('#code', '000000');
  await submit(page);
  assert.match(await page.content(), /確認コードが正しくない/);
  await page.fill('#code', totp(secret));
  await submit(page);
  const codes = (await page.locator('#recovery-codes code').allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10, 'ten recovery codes');
  await submit(page, 'main a.button');
  assert.equal(new URL(page.url()).pathname, '/staff');

  console.log('  … and signs in again with a code, then with a recovery code');
  await signOut(page);
  await password(page, '/staff/login', staffEmail, staffPassword);
  assert.equal(new URL(page.url()).pathname, '/staff/login/code');
  // The step of the enrolment's code is used; the next one is good.
  await page.fill('#code', totp(secret, 1));
  await submit(page);
  assert.equal(new URL(page.url()).pathname, '/staff');
  await signOut(page);
  await password(page, '/staff/login', staffEmail, staffPassword);
  await page.fill('#code', codes[0]);
  await submit(page);
  assert.equal(new URL(page.url()).pathname, '/staff');
  await context.close();

  console.log('a resident registers a passkey and signs in with it');
  const local = base.replace('127.0.0.1', 'localhost');
  const resident = demo.resident_logins[0];
  const residentContext = await browser.newContext({ ...desk, baseURL: local });
  const me = await residentContext.newPage();
  const cdp = await residentContext.newCDPSession(me);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  await me.goto(`${local}/login`);
  await me.fill('#email', resident.email);
  await me.fill('#password', resident.password);
  await Promise.all([me.waitForNavigation(), me.click('main form button[type=submit]')]);
  await me.goto(`${local}/my/passkeys`);
  await me.fill('#passkey-name', 'テスト端末');
  await Promise.all([me.waitForNavigation(), me.click('#passkey-register')]);
  assert.match(await me.textContent('main table'), /テスト端末/, 'the passkey is listed');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.ok(credentials[0].isResidentCredential, 'a discoverable passkey');

  await me.goto(`${local}/my`);
  await Promise.all([me.waitForNavigation(), me.click('form[action^="/logout"] button')]);
  await me.goto(`${local}/login`);
  await me.waitForSelector('#passkey-sign-in', { state: 'visible' });
  await Promise.all([me.waitForURL(`${local}/my`), me.click('#passkey-sign-in')]);
  assert.match(await me.content(), new RegExp(resident.name), 'signed in as the resident');
  await me.goto(`${local}/my/passkeys`);
  await Promise.all([me.waitForNavigation(), me.click('main table form button')]);
  assert.equal(await me.locator('main table').count(), 0, 'removed');

  // A removed passkey no longer signs in.
  await me.goto(`${local}/my`);
  await Promise.all([me.waitForNavigation(), me.click('form[action^="/logout"] button')]);
  await me.goto(`${local}/login`);
  await me.click('#passkey-sign-in');
  await me.waitForFunction(() => document.getElementById('passkey-status').textContent.length > 30);
  assert.equal(new URL(me.url()).pathname, '/login');
  await residentContext.close();
  console.log('ok');
} finally {
  await browser.close();
}
