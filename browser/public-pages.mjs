// The pages every public service has, as a resident meets them: axe-core
// (WCAG 2.1 A and AA) on each in several languages at a phone's width, the
// footer reaching them, the favicon found; signing in from the header and
// out again; and the progress page's charts legible on a phone (every SVG
// text drawn at 12 px or more in a 375 px wide window).

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

// A resident's phone here asks for Japanese (Accept-Language picks the page's language).
const phone = { viewport: { width: 375, height: 740 }, locale: 'ja-JP', isMobile: true, hasTouch: true };
const sitePages = ['/privacy', '/terms', '/accessibility', '/contact', '/sitemap', '/progress'];
const languages = ['ja', 'ja-x-easy', 'en', 'zh-Hans', 'pt-BR', 'vi'];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const failures = [];
try {
  // axe-core on each page, each language, at a phone's width.
  for (const path of sitePages) {
    for (const lang of languages) {
      const context = await browser.newContext({ ...phone, bypassCSP: true });
      const page = await context.newPage();
      const response = await page.goto(`${base}${path}?lang=${lang}`);
      if (response.status() !== 200) failures.push(`${path} [${lang}]: ${response.status()}`);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
      );
      for (const v of result.violations) {
        failures.push(`${path} [${lang}]: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
      if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) {
        failures.push(`${path} [${lang}]: scrolls sideways at 375 px`);
      }
      await context.close();
    }
  }

  // The footer reaches every page; the favicon is found (no 404 for it).
  {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const missing = [];
    page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
    await page.goto(`${base}/procedures?lang=en`);
    for (const [name, path] of [['Privacy policy', '/privacy'], ['Terms of use', '/terms'], ['Accessibility statement', '/accessibility'], ['Contact', '/contact'], ['Sitemap', '/sitemap']]) {
      await Promise.all([page.waitForNavigation(), page.locator('footer').getByRole('link', { name }).click()]);
      assert.equal(new URL(page.url()).pathname, path, `the footer's ${name}`);
      assert.equal(new URL(page.url()).searchParams.get('lang'), 'en', 'the language kept');
      assert.equal(await page.locator('h1').textContent(), name);
    }
    const icon = await page.request.get(`${base}/favicon.ico`);
    assert.equal(icon.status(), 200, '/favicon.ico leads to the icon');
    assert.equal(icon.headers()['content-type'], 'image/svg+xml');
    assert.deepEqual(missing, [], 'nothing the pages ask for is missing');
    await context.close();
  }

  // Signing in from the header, and out again.
  {
    const resident = demo.resident_logins[0];
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${base}/progress`);
    const account = page.getByRole('navigation', { name: 'アカウント' });
    await Promise.all([page.waitForNavigation(), account.getByRole('link', { name: 'ログイン' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.fill('#email', resident.email);
    await page.fill('#password', resident.password);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/progress', 'back on the page signed in from');
    assert.equal(await account.getByRole('link', { name: 'ログイン' }).count(), 0);
    await account.getByRole('link', { name: 'マイページ' }).waitFor();
    await Promise.all([page.waitForNavigation(), account.getByRole('button', { name: 'ログアウト' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/');
    await account.getByRole('link', { name: 'ログイン' }).waitFor();
    const my = await page.goto(`${base}/my`);
    assert.equal(new URL(my.url()).pathname, '/login', 'signed out: my page asks to sign in');
    await context.close();
  }

  // The progress charts at a phone's width: every text at 12 px or more.
  for (const lang of ['ja', 'en']) {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${base}/progress?lang=${lang}`);
    const sizes = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale }));
    }));
    assert.ok(sizes.length >= 4, `the charts (${sizes.length})`);
    const all = sizes.flat();
    const smallest = Math.min(...all.map((s) => s.px));
    console.log(`  progress charts [${lang}, 375 px]: ${all.length} texts, smallest ${smallest.toFixed(1)} px`);
    for (const s of all.filter((s) => s.px < 12)) failures.push(`progress chart [${lang}]: "${s.text}" at ${s.px.toFixed(1)} px`);
    // Both series are in the charts, named in words.
    const words = lang === 'ja' ? ['計画', '実績'] : ['Plan', 'Actual'];
    for (const word of words) assert.ok(all.some((s) => s.text.startsWith(word)), `${word} in the charts`);
    await context.close();
  }
} catch (error) {
  failures.push(error.stack || String(error));
} finally {
  await browser.close();
}
console.log(`public pages: ${sitePages.join(', ')} in ${languages.join(', ')}`);
if (failures.length > 0) {
  console.log(`${failures.length} problems:`);
  for (const failure of failures) console.log(`  ${failure}`);
  process.exit(1);
}
console.log('no violations; header sign-in and sign-out work; chart text legible on a phone');
