// page_test.js — drives Debian's chromium through playwright-core over the
// page of a running `parallax serve`, as a person would: the story list, a
// search, a story (timeline, outlets, a statement with a word-level
// variant), an article, a shared URL opened afresh, the Back button, the
// keyboard, a phone-width screen, and the empty and error states.
//
// Usage: node page_test.js BASE_URL SCREENSHOT_DIR
// Prints one line per check ("ok ..." or "FAIL ...") and exits 1 when any
// failed. Screenshots go to SCREENSHOT_DIR/*.png for a person to look at.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.argv[2];
const shots = process.argv[3];
if (!base || !shots) {
  console.error('usage: node page_test.js BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const CHROMIUM = process.env.PX_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;
let failed = 0, passed = 0;

function ok(name) { passed++; console.log('ok   ' + name); }
function fail(name, why) { failed++; console.log('FAIL ' + name + ': ' + why); }
async function check(name, fn) {
  try {
    const r = await fn();
    if (r === false) fail(name, 'condition not met'); else ok(name);
  } catch (e) {
    fail(name, String(e && e.message ? e.message : e).split('\n')[0]);
  }
}
function expect(cond, why) { if (!cond) throw new Error(why); }

// Waits until the page has drawn the view of its current URL.
async function ready(page) {
  // app.js sets data-view-ready once the view has its data drawn, and
  // takes it away when a new view starts.
  await page.waitForSelector('body[data-view-ready]', { state: 'attached', timeout: TIMEOUT });
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
}

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'px-chromium-'));
  let ctx;
  try {
    // A fresh profile each run; nothing reaches beyond this machine.
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    console.log('FAIL browser: chromium did not start: ' + String(e.message).split('\n')[0]);
    process.exit(1);
  }
  ctx.setDefaultTimeout(TIMEOUT);
  const page = ctx.pages()[0] || await ctx.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // Only the server under test may be asked for anything.
  const foreign = [];
  await ctx.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith('data:')) return route.continue();
    foreign.push(u);
    return route.abort();
  });

  let storyUrl = null, storyTitle = null, listCount = 0;

  await check('story list shows stories', async () => {
    await page.goto(base);
    await ready(page);
    listCount = await page.locator('ol.stories > li').count();
    expect(listCount >= 2, 'only ' + listCount + ' stories listed');
    expect(await page.locator('ol.stories svg.spark rect').count() > 0, 'no sparkline bars');
    await shot(page, 'list');
  });

  await check('search narrows the list (typed, Enter)', async () => {
    await page.locator('#q').fill('summit');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/\?q=summit/);
    await ready(page);
    const n = await page.locator('ol.stories > li').count();
    expect(n >= 1 && n < listCount, n + ' stories after the search, ' + listCount + ' before');
    expect(await page.locator('ol.hits li').count() >= 1, 'no matching article listed');
    expect((await page.locator('#q').inputValue()) === 'summit', 'the box lost the words');
    await shot(page, 'search');
  });

  await check('a story opens with timeline, outlets, word-level variants and what each outlet adds', async () => {
    await page.locator('ol.stories > li a.label').first().click();
    await page.waitForURL(/\/story\/\d+$/);
    await ready(page);
    storyUrl = page.url();
    storyTitle = await page.locator('h1').textContent();
    const dots = await page.locator('#timeline svg circle').count();
    expect(dots >= 2, dots + ' dots on the timeline');
    const outlets = await page.locator('#outlets .outlet').count();
    expect(outlets >= 2, outlets + ' outlets side by side');
    const variants = await page.locator('#statements .variants li').count();
    expect(variants >= 2, variants + ' statement versions');
    const marked = await page.locator('#statements .w-add, #statements .w-omit, #statements .w-chg').count();
    expect(marked >= 1, 'no added, omitted or changed word marked');
    expect(await page.locator('#people li').count() >= 1, 'nobody listed as quoted');
    const adds = await page.locator('#adds .outlet li').count();
    expect(adds >= 1, 'nothing shown under what each outlet adds');
    await shot(page, 'story');
  });

  await check('a changed word names the word it replaced', async () => {
    const chg = page.locator('#statements .w-chg').first();
    const add = page.locator('#statements .w-add, #statements .w-omit').first();
    if (await chg.count()) {
      const t = await chg.getAttribute('title');
      expect(/^changed from: \S/.test(t || ''), 'title ' + t);
    } else {
      expect(await add.count() > 0, 'no marked word');
    }
  });

  await check('reprints are marked', async () => {
    // Each reprint badge links to the copy it repeats; a story may have none.
    const badges = await page.locator('#outlets .badge').count();
    const links = await page.locator('#outlets .badge + .meta a').count();
    expect(badges === links, badges + ' badges, ' + links + ' links to originals');
  });

  let articleUrl = null;
  await check('an article shows its quotations at their offsets', async () => {
    await page.locator('#outlets li a').first().click();
    await page.waitForURL(/\/article\//);
    await ready(page);
    articleUrl = page.url();
    const marks = page.locator('#article-text mark.q');
    const n = await marks.count();
    expect(n >= 1, 'no quotation marked');
    // The marked text is exactly the text between the byte offsets.
    const good = await page.evaluate(() => {
      const div = document.getElementById('article-text');
      const bytes = new TextEncoder().encode(div.textContent);
      let pos = 0, okAll = true;
      for (const node of div.childNodes) {
        const len = new TextEncoder().encode(node.textContent).length;
        if (node.nodeName === 'MARK') {
          okAll = okAll && +node.dataset.start === pos && +node.dataset.end === pos + len;
        }
        pos += len;
      }
      return okAll && pos === bytes.length;
    });
    expect(good, 'a mark does not sit at its offsets');
    await shot(page, 'article');
  });

  await check('Back returns to the story, then to the search', async () => {
    await page.goBack();
    await page.waitForURL(storyUrl);
    await ready(page);
    expect((await page.locator('h1').textContent()) === storyTitle, 'another story after Back');
    await page.goBack();
    await page.waitForURL(/\?q=summit/);
    await ready(page);
    expect((await page.locator('#q').inputValue()) === 'summit', 'search words lost after Back');
  });

  await check('a shared story URL opens the same story in a new tab', async () => {
    const p2 = await ctx.newPage();
    await p2.goto(storyUrl);
    await ready(p2);
    expect((await p2.locator('h1').textContent()) === storyTitle, 'another title');
    expect(await p2.locator('#timeline svg circle').count() >= 2, 'no timeline');
    await p2.goto(articleUrl);
    await ready(p2);
    expect(await p2.locator('#article-text mark.q').count() >= 1, 'shared article without marks');
    await p2.close();
  });

  await check('keyboard only: / to search, Tab to a story, Enter opens it', async () => {
    await page.goto(base);
    await ready(page);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement.id) === 'q', '/ did not focus the search box');
    await page.keyboard.type('Sarn');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=Sarn/);
    await ready(page);
    // Tab from the search box through the filters to the first story link.
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement.classList.contains('label'));
    }
    expect(reached, 'Tab never reached a story link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/story\//);
    await ready(page);
    expect(await page.evaluate(() => document.activeElement.tagName) === 'H1', 'focus not on the new view');
  });

  await check('phone width: no sideways scrolling, outlets stacked', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(storyUrl);
    await ready(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow <= 1, 'the page is ' + overflow + ' px wider than the screen');
    const cols = await page.evaluate(() => getComputedStyle(document.getElementById('outlets')).gridTemplateColumns.split(' ').length);
    expect(cols === 1, cols + ' outlet columns on a phone');
    await shot(page, 'story-phone');
    await page.goto(base);
    await ready(page);
    await shot(page, 'list-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await check('empty state: a search that matches nothing says so', async () => {
    await page.goto(base + '?q=zzqxjv');
    await ready(page);
    const t = await page.locator('#results .state').first().textContent();
    expect(/No story matches/.test(t), 'says: ' + t);
  });

  await check('error state: an unknown story and a malformed query', async () => {
    await page.goto(base + 'story/999999');
    await ready(page);
    const t = await page.locator('.state.error').textContent();
    expect(/Not found/.test(t), 'says: ' + t);
    await shot(page, 'error');
    await page.goto(base + '?q=%22');
    await ready(page);
    const e = await page.locator('#results .state.error, #results .error').first().textContent();
    expect(/\(400\)/.test(e), 'says: ' + e);
  });

  await check('no script errors, nothing asked of other hosts', async () => {
    const real = consoleErrors.filter((m) => !/status of (400|404)/.test(m));
    expect(real.length === 0, real.join(' | '));
    expect(foreign.length === 0, foreign.join(' '));
  });

  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('FAIL browser test: ' + e); process.exit(1); });
