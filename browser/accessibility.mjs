// axe-core over every public page type, in each language at a phone's width
// and in Japanese and English at a desktop's (the narrow page is where a
// language's longer words break a layout; the wide one differs by layout,
// not by language): no violations at WCAG 2.1 levels A and AA (JIS X
// 8341-3:2016 AA), the page's lang attribute right, and no sideways
// scrolling at 320 px. Prints the pages and languages it covered; with
// UPDATE_A11Y_RESULTS=1 it writes them, per page type, to
// docs/accessibility-results.json for the accessibility statement.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const base = process.env.MADOGUCHI_URL;
const dataDir = process.env.MADOGUCHI_DATA_DIR;
const bin = process.env.MADOGUCHI_BIN;
// A staff account of the checker's own, which sets up its two-step sign-in
// again for each look at the set-up and recovery-code pages.
const axeStaff = { email: 'axe.clerk@city.example.jp', password: process.env.MADOGUCHI_AXE_STAFF_PASSWORD };
assert.ok(base && dataDir && bin && axeStaff.password,
  'MADOGUCHI_URL, MADOGUCHI_DATA_DIR, MADOGUCHI_BIN and MADOGUCHI_AXE_STAFF_PASSWORD must be set');
const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
// WCAG 2.1 levels A and AA (JIS X 8341-3:2016 AA).
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Every language residents can choose, with the browser locale that asks for it.
const languages = {
  ja: 'ja-JP', en: 'en-GB', 'ja-x-easy': 'ja-JP', 'zh-Hans': 'zh-CN', ko: 'ko-KR', 'pt-BR': 'pt-BR', vi: 'vi-VN', tl: 'fil-PH',
};
const viewports = {
  phone: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 } },
};
// The languages each viewport is checked in.
const viewportLanguages = { phone: Object.keys(languages), desktop: ['ja', 'en'] };

async function fillBulkyWaste(page) {
  const answers = {
    'applicant_name.family_name': '名古屋', 'applicant_name.given_name': '太郎',
    'applicant_name.family_name_kana': 'ナゴヤ', 'applicant_name.given_name_kana': 'タロウ',
    postal_code: '4608508', address: '名古屋市中区三の丸三丁目1番1号', phone: '052-961-1111',
    email: 'taro@example.jp', 'items[0].count': '1', preferred_date: '2099-01-05',
  };
  for (const [name, value] of Object.entries(answers)) await page.fill(`[name="${name}"]`, value);
  await page.selectOption('[name="items[0].item"]', 'sofa');
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// Sign-ins a page needs first, as a person would do them.
const signIns = {
  async resident(page) {
    const resident = demo.resident_logins[0];
    await page.goto(`${base}/login`);
    await page.fill('#email', resident.email);
    await page.fill('#password', resident.password);
    await submit(page, 'form button[type=submit]');
  },
  // The password of an enrolled staff account (one no other browser test
  // signs in with): the code is asked next.
  async staffPassword(page) {
    const staff = demo.staff_logins.find((s) => s.section === 'shimin-shimin');
    await page.goto(`${base}/staff/login`);
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await submit(page, 'main form button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/staff/login/code');
  },
  // The password of a staff account without a code yet: it sets one up next.
  async newStaffPassword(page) {
    execFileSync(bin, ['staff', 'reset-2fa', axeStaff.email, '--data-dir', dataDir], { stdio: 'ignore' });
    await page.goto(`${base}/staff/login`);
    await page.fill('#email', axeStaff.email);
    await page.fill('#password', axeStaff.password);
    await submit(page, 'main form button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/staff/login/enrol');
  },
};

// Each page type: a name, and how to reach it (a path, or steps).
const pages = [
  { name: 'search (home)', ja: '手続の検索（トップ）', path: '/' },
  { name: 'search results', ja: '検索結果', path: '/procedures?q=%E5%85%90%E7%AB%A5' },
  { name: 'procedure', ja: '手続の案内', path: '/procedures/jidou-teate-nintei' },
  { name: 'online-ization progress', ja: 'オンライン化の進捗', path: '/progress' },
  { name: 'open data', ja: 'オープンデータ', path: '/open-data' },
  { name: 'application form', ja: '申請書', path: '/procedures/sodaigomi/apply' },
  {
    name: 'application form with errors', ja: '申請書（入力の誤りあり）',
    path: '/procedures/sodaigomi/apply',
    act: async (page) => {
      await page.fill('[name="postal_code"]', '123');
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]:not([name]):not(.visually-hidden)')]);
    },
  },
  {
    name: 'confirm', ja: '申請内容の確認',
    path: '/procedures/sodaigomi/apply',
    act: async (page) => {
      await fillBulkyWaste(page);
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]:not([name]):not(.visually-hidden)')]);
    },
  },
  {
    name: 'receipt', ja: '受付完了',
    path: '/procedures/sodaigomi/apply',
    act: async (page) => {
      await fillBulkyWaste(page);
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]:not([name]):not(.visually-hidden)')]);
      await Promise.all([page.waitForNavigation(), page.click('button[name=__step][value=submit]')]);
    },
  },
  {
    name: 'pre-input QR code', ja: '窓口で見せるQRコード',
    path: '/procedures/sodaigomi/apply',
    act: async (page) => {
      await fillBulkyWaste(page);
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]:not([name]):not(.visually-hidden)')]);
      await Promise.all([page.waitForNavigation(), page.click('button[name=__step][value=counter]')]);
    },
  },
  { name: 'bereavement questions', ja: 'おくやみ手続きガイド', path: '/bereavement' },
  { name: 'bereavement checklist', ja: 'ご遺族の手続チェックリスト', path: '/bereavement/list?age=80&insurance=kouki&pension=kokumin&property=yes' },
  { name: 'life-event guide', ja: '手続ガイド', path: '/guide' },
  { name: 'life-event questions', ja: '手続ガイド（質問）', path: '/guide/tennyu' },
  { name: 'life-event list', ja: '手続ガイド（手続の一覧）', path: '/guide/tennyu/list?from=other-city&insurance=kokuho&children=yes&school_age=yes&dog=yes' },
  { name: 'assistant', ja: '質問して探す', path: '/assistant' },
  { name: 'assistant answer', ja: '質問して探す（回答）', path: `/assistant?q=${encodeURIComponent('粗大ごみの出し方を教えてください')}` },
  { name: 'assistant abstained', ja: '質問して探す（回答なし）', path: `/assistant?q=${encodeURIComponent('明日の天気を教えてください')}` },
  { name: 'news sign-up', ja: 'お知らせの配信登録', path: '/notify' },
  {
    name: 'news sign-up refused', ja: 'お知らせの配信登録（分野の選択なし）',
    path: '/notify',
    act: async (page) => {
      await page.fill('#email', 'hanako@example.jp');
      await Promise.all([page.waitForNavigation(), page.click('form.notify-form button[type=submit]')]);
    },
  },
  { name: 'congestion (all offices)', ja: '混雑状況（区役所一覧）', path: '/counters' },
  { name: 'congestion (one office)', ja: '混雑状況（区役所）', path: '/counters/naka' },
  { name: 'my page', ja: 'マイページ', path: '/my', signIn: 'resident' },
  { name: 'my applications', ja: '申請の一覧', path: '/my/applications', signIn: 'resident' },
  { name: 'password change', ja: 'パスワードの変更', path: '/my/password', signIn: 'resident' },
  { name: 'passkeys', ja: 'パスキー', path: '/my/passkeys', signIn: 'resident' },
  { name: 'staff sign-in: set up the code', ja: '職員ログイン：確認コードの設定', path: '/staff/login/enrol', signIn: 'newStaffPassword' },
  {
    name: 'staff sign-in: recovery codes', ja: '職員ログイン：予備のコード',
    path: '/staff/login/enrol',
    signIn: 'newStaffPassword',
    act: async (page) => {
      const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
      await page.fill('#code', totp(secret));
      await submit(page, 'main form button[type=submit]');
      assert.equal(await page.locator('#recovery-codes code').count(), 10, 'the recovery codes page');
    },
  },
  { name: 'staff sign-in: code', ja: '職員ログイン：確認コード', path: '/staff/login/code', signIn: 'staffPassword' },
  // No code typed: the page with its error (a wrong code would count
  // against the client's sign-in allowance).
  {
    name: 'staff sign-in: code, no code', ja: '職員ログイン：確認コード（未入力）',
    path: '/staff/login/code',
    signIn: 'staffPassword',
    act: (page) => submit(page, 'main form button[type=submit]'),
  },
  { name: 'staff single sign-on refused', ja: '職員シングルサインオンの拒否', path: '/staff/login/oidc/refused?why=no-role' },
  { name: 'gBizID sign-in refused', ja: 'gBizID ログインの拒否', path: '/login/gbizid/refused?why=no-account' },
  { name: 'login', ja: 'ログイン', path: '/login' },
  { name: 'register', ja: 'アカウントの作成', path: '/register' },
  { name: 'forgot password', ja: 'パスワードの再設定', path: '/password/forgot' },
  { name: 'privacy policy', ja: '個人情報の取扱い', path: '/privacy' },
  { name: 'terms of use', ja: '利用規約', path: '/terms' },
  { name: 'accessibility statement', ja: 'ウェブアクセシビリティ方針', path: '/accessibility' },
  { name: 'contact', ja: 'お問い合わせ', path: '/contact' },
  { name: 'sitemap', ja: 'サイトマップ', path: '/sitemap' },
  { name: 'not found', ja: 'ページが見つからない', path: '/no-such-page' },
];

async function check(browser, options, lang, spec) {
  // bypassCSP: the checker injects axe-core as an inline script, which the
  // pages' Content-Security-Policy (rightly) refuses.
  const context = await browser.newContext({ ...options, locale: languages[lang], bypassCSP: true });
  const page = await context.newPage();
  if (spec.signIn) await signIns[spec.signIn](page);
  const separator = spec.path.includes('?') ? '&' : '?';
  await page.goto(`${base}${spec.path}${separator}lang=${lang}`);
  if (spec.act) await spec.act(page);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (tags) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    axeTags,
  );
  const htmlLang = await page.getAttribute('html', 'lang');
  // Furigana markup from the catalogs must never reach the reader as text.
  const leakedMarkup = await page.evaluate(() => /《[^》\n]{1,20}》|｜/.test(document.body.innerText));
  const rubies = await page.evaluate(() => document.querySelectorAll('ruby rt').length);
  // 320 CSS px (a phone, or 200 % zoom of a small window): no sideways scrolling.
  const overflows = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  await context.close();
  return { violations: result.violations, htmlLang, overflows, leakedMarkup, rubies };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const failures = [];
let checked = 0;
// Per page type: checks made and violations found (the statement's table).
const perPage = new Map(pages.map((p) => [p.name, { checks: 0, violations: 0 }]));
try {
  // The check itself can fail: a page with an unlabelled image and field.
  const probe = await browser.newPage();
  await probe.setContent('<html lang="ja"><body><main><h1>x</h1><img src="x.png"><input type="text"></main></body></html>');
  await probe.addScriptTag({ content: axeSource });
  // eslint-disable-next-line no-undef
  const caught = await probe.evaluate(async () => (await axe.run()).violations.map((v) => v.id));
  assert.ok(caught.includes('image-alt') && caught.includes('label'), `axe-core finds known problems: ${caught}`);
  await probe.close();

  // First visit: the browser's language decides (Accept-Language).
  for (const [lang, locale] of Object.entries(languages)) {
    if (lang === 'ja-x-easy') continue; // no browser asks for easy Japanese
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${base}/procedures`);
    const htmlLang = await page.getAttribute('html', 'lang');
    if (htmlLang !== lang) failures.push(`first visit with ${locale}: <html lang="${htmlLang}">, expected ${lang}`);
    await context.close();
  }

  for (const spec of pages) {
    for (const lang of Object.keys(languages)) {
      for (const [viewportName, options] of Object.entries(viewports)) {
        if (!viewportLanguages[viewportName].includes(lang)) continue;
        const { violations, htmlLang, overflows, leakedMarkup, rubies } = await check(browser, options, lang, spec);
        checked += 1;
        perPage.get(spec.name).checks += 1;
        perPage.get(spec.name).violations += violations.length;
        if (overflows) failures.push(`${spec.name} [${lang}, ${viewportName}]: scrolls sideways`);
        if (leakedMarkup) failures.push(`${spec.name} [${lang}, ${viewportName}]: furigana markup shown as text`);
        if (lang === 'ja-x-easy' && rubies === 0) failures.push(`${spec.name} [${lang}, ${viewportName}]: no furigana`);
        if (htmlLang !== lang) failures.push(`${spec.name} [${lang}, ${viewportName}]: <html lang="${htmlLang}">`);
        for (const v of violations) {
          const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          failures.push(`${spec.name} [${lang}, ${viewportName}]: ${v.id} (${v.impact}) ${v.help} — ${targets}`);
        }
      }
    }
  }
} finally {
  await browser.close();
}
const axeVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8')).version;
console.log(`axe-core ${axeVersion}: ${checked} checks`);
// With UPDATE_A11Y_RESULTS=1, the results go to docs/accessibility-results.json,
// which the accessibility statement (/accessibility) shows (docs/accessibility.md).
if (process.env.UPDATE_A11Y_RESULTS === '1') {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const results = {
    axe_version: axeVersion,
    date,
    tags: axeTags,
    languages: Object.keys(languages),
    viewports: Object.entries(viewports).map(([name, o]) => `${name} ${o.viewport.width}px (${viewportLanguages[name].length === Object.keys(languages).length ? 'every language' : viewportLanguages[name].join(', ')})`),
    pages: pages.map((p) => ({ name: p.name, name_ja: p.ja, path: p.path, date, ...perPage.get(p.name) })),
  };
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'accessibility-results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`  results written to ${file}`);
}
console.log(`  pages: ${pages.map((p) => p.name).join(', ')}`);
console.log(`  languages: ${Object.keys(languages).join(', ')}; viewports: ${Object.keys(viewports).join(', ')}`);
if (failures.length > 0) {
  console.log(`${failures.length} violations:`);
  for (const failure of failures) console.log(`  ${failure}`);
  process.exit(1);
}
console.log('no violations at WCAG 2.1 A and AA');
