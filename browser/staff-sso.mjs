// Staff sign in with the city's account: on the staff login page they
// follow "市の職員アカウントでログイン", sign in at the IdP (a real
// OpenID Connect provider, oidc/provider.mjs, started by browser/run) and
// land on the staff page with the role and section the IdP's claims map
// to; someone with no role in madoguchi gets the refusal page. Headless
// Debian Chromium through playwright-core; screenshots in
// browser/screenshots/sso-*.png.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.MADOGUCHI_URL;
const issuer = process.env.OIDC_ISSUER;
assert.ok(base && issuer, 'MADOGUCHI_URL and OIDC_ISSUER must be set');
const shots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const desk = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' };

async function shot(page, name) {
  const file = join(shots, `sso-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

/// Follows the staff login page's link to the IdP and signs in there as
/// `user`; returns the page madoguchi ended on and its status.
async function signInWithCityAccount(browser, user, next = '') {
  const context = await browser.newContext(desk);
  const page = await context.newPage();
  await page.goto(`${base}/staff/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  const link = page.getByRole('link', { name: '市の職員アカウントでログイン' });
  await link.waitFor();
  if (user === 'hanako') await shot(page, 'staff-login');
  await Promise.all([page.waitForURL((url) => url.href.startsWith(issuer)), link.click()]);
  await page.fill('input[name=login]', user);
  await page.fill('input[name=password]', 'any');
  const landed = page.waitForResponse((r) => r.url().startsWith(base)
    && r.request().isNavigationRequest() && !r.url().includes('/callback') && r.status() !== 303);
  await page.click('button[type=submit]');
  const answer = await landed;
  await page.waitForLoadState();
  return { page, status: answer.status(), context };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log('the clerk of 子育て支援課 signs in with the city account');
  {
    const { page, status, context } = await signInWithCityAccount(browser, 'hanako', '/staff/applications');
    assert.equal(status, 200);
    assert.equal(new URL(page.url()).pathname, '/staff/applications');
    await page.goto(`${base}/staff`);
    const text = await page.textContent('main');
    assert.match(text, /名古屋 花子/);
    assert.match(text, /子育て支援課/);
    assert.match(text, /担当課職員/);
    await shot(page, 'clerk-signed-in');
    await context.close();
  }

  console.log('the manager signs in and is a manager');
  {
    const { page, status, context } = await signInWithCityAccount(browser, 'ichiro');
    assert.equal(status, 200);
    assert.equal(new URL(page.url()).pathname, '/staff');
    const text = await page.textContent('main');
    assert.match(text, /名古屋 一郎/);
    assert.match(text, /所属長/);
    await context.close();
  }

  console.log('someone with no role in madoguchi is refused');
  {
    const { page, status, context } = await signInWithCityAccount(browser, 'visitor');
    assert.equal(status, 403);
    assert.equal(new URL(page.url()).pathname, '/staff/login/oidc/refused');
    assert.ok(!page.url().includes('code='), 'the code stays out of the address bar');
    const text = await page.textContent('main');
    assert.match(text, /madoguchiでの権限がありません/);
    assert.match(text, /情報システム担当/);
    await shot(page, 'no-role-refused');
    // Not signed in: the staff page sends them to the login.
    await page.goto(`${base}/staff`);
    assert.equal(new URL(page.url()).pathname, '/staff/login');
    await context.close();
  }
  console.log('staff-sso: ok');
} finally {
  await browser.close();
}
