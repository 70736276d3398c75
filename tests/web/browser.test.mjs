// SPDX-License-Identifier: Apache-2.0
// browser.test.mjs - the web interface in a real browser.
//
// Makes a demo store (tipsom init, tipsom demo) in a temporary directory,
// starts `tipsom serve` on a free loopback port, and drives Debian's
// chromium (headless, through playwright-core from npm) as the people who
// use tipsom would: the login page in the browser's language, logging in,
// the case list and a case page, opening a case, adding and screening a
// victim, the legal elements, switching to Arabic and to Sorani, another
// agency's view.  Screenshots of the screens go to $TIPSOM_WEB_SHOTS
// (default build/test/tests/web-screenshots).  The server and the browser
// are stopped by the pid this test started, whatever happens.
//
//   TIPSOM=build/test/tipsom node --test tests/web/browser.test.mjs
//
// npm ci runs first when tests/web/node_modules is missing.  All names
// and cases are the fictional demo data (data/demo.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const TIPSOM = process.env.TIPSOM || path.join(ROOT, 'build', 'dev',
                                                'tipsom');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.TIPSOM_WEB_SHOTS ||
  path.join(ROOT, 'build', 'test', 'tests', 'web-screenshots');
const LOCALES = Object.fromEntries(['en', 'ar', 'ckb'].map(code => [code,
  JSON.parse(fs.readFileSync(path.join(ROOT, 'web', 'locales',
                                       `${code}.json`), 'utf8'))]));
const INVESTIGATOR = { username: 'd.karim', password: 'Demo-Erbil-2026!' };
const OTHER_AGENCY = { username: 'n.jabbar', password: 'Tigris-Bridge-2026!' };
const SUPERVISOR = { username: 's.hawre', password: 'Citadel-Sunrise-2026!' };
const ADMIN = { username: 'a.rahman', password: 'Demo-Admin-Erbil-2026!' };
const SHELTER_WORKER = { username: 'r.aziz', password: 'Shelter-Garden-2026!' };
const KRI_CASE = 'KRI-MOI-2026-000001';
// The demo's trainer, of the police training institute (a real store).
const TRAINER = { username: 'k.omar', password: 'Cascade-Teach-2026!' };
const ANALYST = { username: 'z.ahmed', password: 'Numbers-Only-2026!' };
// The demo's Migrant Resource Centre's caseworker.
const MRC_WORKER = { username: 'l.hassan', password: 'Safe-Journey-2026!' };

let dir, server, browser, base;
// The training sandbox's own store and server, made by the first test
// that needs them (trainingServer()).
let training = null;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function run(...args) {
  const r = spawnSync(TIPSOM, args, {
    env: { ...process.env, TIPSOM_DB: `sqlite:${path.join(dir, 'store.db')}` },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(`tipsom ${args.join(' ')} failed: ${r.stderr}`);
  }
  return r.stdout;
}

async function waitForServer(url, proc) {
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error('tipsom serve stopped');
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch (e) { /* not yet */ }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('tipsom serve did not answer');
}

function npmCi() {
  if (fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core'))) {
    return;
  }
  const r = spawnSync('npm', ['ci', '--silent', '--no-audit', '--no-fund'],
                      { cwd: HERE, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`npm ci in tests/web failed (is the npm registry ` +
                    `reachable?): ${r.stderr}`);
  }
}

before(async () => {
  assert.ok(fs.existsSync(TIPSOM), `no tipsom binary at ${TIPSOM}: ` +
            'build it or set TIPSOM');
  assert.ok(fs.existsSync(CHROMIUM), `no chromium at ${CHROMIUM}: ` +
            'apt-get install chromium (make test does)');
  npmCi();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tipsom-web-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  run('init');
  run('demo');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(TIPSOM, ['serve', '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, TIPSOM_DB: `sqlite:${path.join(dir, 'store.db')}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderrText = '';
  server.stderr.on('data', d => { server.stderrText += d; });
  await waitForServer(`${base}/`, server);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync',
           // Containers give /dev/shm 64 MB, too little for chromium.
           '--disable-dev-shm-usage'],
  });
});

// Stops a server this test started, by its pid, and checks it stopped
// cleanly with no sanitizer report.
async function stopServer(proc) {
  if (!proc || proc.exitCode !== null) return;
  const stopped = new Promise(r => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([stopped, new Promise(r => setTimeout(r, 30000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
  assert.match(proc.stderrText, /tipsom: stopped/);
  for (const marker of ['AddressSanitizer', 'runtime error:',
                        'LeakSanitizer']) {
    assert.ok(!proc.stderrText.includes(marker),
              `sanitizer report in the server's stderr: ${marker}`);
  }
}

after(async () => {
  if (training) await stopServer(training.server);
  if (browser) await browser.close().catch(() => {});
  await stopServer(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// A page in a browser whose preferred language is locale.
// where: the address's path and #fragment, / by default.
async function openPage(locale, at, where) {
  const context = await browser.newContext({ locale,
    viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push(String(e)));
  // A 401 is how the page learns it is not logged in (GET /session at
  // start, a wrong password), a 404 of /assessment that a case has none
  // yet: the browser logs them, the page expects them.
  page.on('console', m => {
    if (m.type() !== 'error') return;
    if (m.text().includes('status of 401')) return;
    if (m.text().includes('status of 404') &&
        (m.location().url || '').endsWith('/assessment')) return;
    page.problems.push(m.text());
  });
  await page.goto(`${at || base}${where || '/'}`);
  return page;
}

async function login(page, user) {
  await page.fill('#login-username', user.username);
  await page.fill('#login-password', user.password);
  await page.click('button[type=submit]');
}

// Every text on screen comes from the locale: no [missing.key] shows.
async function assertTranslated(page, code) {
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /\[[a-z_]+\.[a-z_.+]+\]/,
                      `a key is missing in ${code}: ${text}`);
}

// Choosing a language while logged in is remembered for the user: the
// tests after one that chose put it back to none.
async function forgetLanguage(page) {
  const status = await page.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/session/language', { method: 'POST',
      headers: { 'Content-Type': 'application/json',
                 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ language: null }) });
    return r.status;
  });
  assert.equal(status, 200);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`),
                          fullPage: true });
}

test('the login page follows the browser\'s language', async () => {
  for (const [locale, code, dir] of [['en-GB', 'en', 'ltr'],
                                     ['ar-IQ', 'ar', 'rtl'],
                                     ['ckb', 'ckb', 'rtl'],
                                     ['ku-Arab-IQ', 'ckb', 'rtl'],
                                     ['fr-FR', 'en', 'ltr']]) {
    const page = await openPage(locale);
    await page.waitForSelector('#login-username');
    assert.equal(await page.getAttribute('html', 'lang'), code, locale);
    assert.equal(await page.getAttribute('html', 'dir'), dir, locale);
    assert.equal(await page.textContent('h1'), LOCALES[code]['login.title']);
    assert.equal(await page.textContent('label[for=login-password]'),
                 LOCALES[code]['login.password']);
    await assertTranslated(page, code);
    if (locale === 'ar-IQ' || locale === 'ckb') {
      await shot(page, `login-${code}`);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('logging in, the open cases, and logging out', async () => {
  const page = await openPage('en-GB');
  await page.waitForSelector('#login-username');
  // The form is keyboard-driven: username, password, then the button.
  assert.equal(await page.evaluate(() => document.activeElement.id),
               'login-username');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id),
               'login-password');
  await login(page, { username: INVESTIGATOR.username,
                      password: 'not the password' });
  await page.waitForSelector('[role=alert]');
  assert.equal(await page.textContent('[role=alert]'),
               LOCALES.en['login.wrong']);
  await shot(page, 'login-refused');
  await login(page, INVESTIGATOR);
  await page.waitForSelector('table.cases');
  const refs = await page.locator('table.cases td.ref').allInnerTexts();
  assert.ok(refs.includes(KRI_CASE), `home lists ${refs}`);
  assert.ok(refs.every(r => r.startsWith('KRI-MOI-')), `${refs}`);
  // What needs doing across the cases, most urgent first, and the case
  // the user leads marked; a row leads to its step on the case page.
  const urgencies = await page.locator('table.work .badge[class*=urgency-]')
    .evaluateAll(els => els.map(e => e.className.match(/urgency-(\w+)/)[1]));
  const rank = { overdue: 0, due_soon: 1, blocked: 2 };
  assert.ok(urgencies.length > 0, 'the demo has steps to do');
  assert.deepEqual(urgencies, [...urgencies].sort((a, b) => rank[a] -
                                                  rank[b]));
  assert.ok(await page.locator('table.work .badge.mine').count() > 0);
  await shot(page, 'home-en');
  const link = page.locator('table.work a').first();
  const wanted = new URL(await link.getAttribute('href'), base).hash
    .split('?step=')[1];
  await link.click();
  await page.waitForSelector(`#step-${wanted}.wanted`);
  assert.equal(await page.evaluate(() => document.activeElement.id),
               `step-${wanted}`);
  await page.click('a.brand');
  await page.waitForSelector('table.work');
  // Nothing about the session in the address or in the browser's storage.
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(await page.evaluate(() => [localStorage.length,
                                              sessionStorage.length]),
                   [0, 0]);
  const cookies = await page.context().cookies();
  const session = cookies.find(c => c.name === 'tipsom_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict');
  await page.click(`text=${LOCALES.en['common.logout']}`);
  await page.waitForSelector('#login-username');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Arabic and Sorani: right to left and fully translated', async () => {
  const page = await openPage('en-GB');
  await login(page, INVESTIGATOR);
  await page.waitForSelector('table.cases');
  // The choice is remembered for the user: put it back whatever happens.
  try {
    for (const code of ['ar', 'ckb']) {
      await page.selectOption('#language-picker', code);
      await page.waitForFunction(c => document.documentElement.lang === c &&
        document.querySelector('table.cases'), code);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await page.textContent('h1'), LOCALES[code]['home.title']);
      assert.equal(await page.textContent('#cases-title'),
                   LOCALES[code]['home.cases']);
      // The layout mirrors: the table's first column is on the right.
      const [first, last] = await page.evaluate(() => {
        const cells = document.querySelectorAll('table.cases th');
        return [cells[0].getBoundingClientRect().x,
                cells[cells.length - 1].getBoundingClientRect().x];
      });
      assert.ok(first > last,
                `${code}: the first column is not on the right`);
      // Dates in the language's conventions: its month names and digits.
      const opened = await page.locator('table.cases tbody tr td:last-child')
        .first().innerText();
      assert.doesNotMatch(opened, /[0-9]/, `${code}: ${opened}`);
      assert.match(opened, /[\u0660-\u0669]/, `${code}: ${opened}`);
      if (code === 'ckb') {
        const month = new Date().getMonth() + 1;
        assert.ok(opened.includes(LOCALES.ckb[`date.month.${month}`]),
                  opened);
      }
      // References stay left to right inside the right-to-left page.
      assert.equal(await page.locator('td.ref bdi').first().getAttribute(
        'dir'), 'ltr');
      await assertTranslated(page, code);
      await shot(page, `home-${code}`);
    }
  } finally {
    await forgetLanguage(page);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// How many identity reads of case ref the audit chain holds.
function identityReads(ref) {
  const out = run('--as', 'a.rahman', 'audit', 'log', '--case', ref,
                  '--json');
  return JSON.parse(out).filter(e => e.action === 'case.identities_read')
    .length;
}

test('the case page: people, steps, notes, hiding names, printing',
     async () => {
  const page = await openPage('en-GB');
  await login(page, INVESTIGATOR);
  await page.click(`section[aria-labelledby=cases-title] ` +
                   `a:text("${KRI_CASE}")`);
  await page.waitForSelector('ol.steps');
  assert.equal(new URL(page.url()).hash, `#/cases/${KRI_CASE}`);
  // Names are shown, and that read is in the audit chain.
  const names = await page.locator('table.people td.name').allInnerTexts();
  assert.ok(names.length >= 1 && names.every(n => /[\u0600-\u06ff]/.test(n)),
            `names in Arabic script as recorded: ${names}`);
  const before = identityReads(KRI_CASE);
  assert.ok(before >= 1, 'showing the names was recorded');
  // Hidden: masked on screen, not fetched, no identity read.
  await page.check('#hide-identities');
  await page.waitForSelector('table.people td.masked');
  assert.equal(await page.locator('table.people td.name').count(), 0);
  const text = await page.locator('main').innerText();
  for (const n of names) assert.ok(!text.includes(n), `${n} still shown`);
  assert.equal(identityReads(KRI_CASE), before);
  await shot(page, 'case-hidden-names');
  await page.uncheck('#hide-identities');
  await page.waitForSelector('table.people td.name');
  // A ready step, done with a note, is done by this user.
  const ready = page.locator('li.step.ready, li.step.overdue').first();
  const stepId = (await ready.getAttribute('id')).slice('step-'.length);
  await ready.locator('details summary').click();
  assert.ok((await ready.locator('details p').innerText()).length > 20,
            'the step shows its guidance');
  await ready.locator(`button:text("${LOCALES.en['step.do']}")`).click();
  await page.fill(`#step-${stepId}-done`, 'Done from the browser test');
  await page.click(`button:text("${LOCALES.en['step.confirm_done']}")`);
  await page.waitForSelector(`#step-${stepId}.done`);
  assert.match(await page.locator(`#step-${stepId} .by`).innerText(),
               /d\.karim/);
  // A note joins the timeline.
  await page.fill('#note-text', 'Met the shelter staff about the safety plan');
  await page.click(`button:text("${LOCALES.en['case.save_note']}")`);
  await page.waitForSelector('text=Met the shelter staff about the safety plan');
  await shot(page, 'case-en');
  // The printed summary leaves the controls out.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.bar').isVisible(), false);
  assert.equal(await page.locator('.note-form').isVisible(), false);
  assert.equal(await page.locator('#summary-title').isVisible(), true);
  await page.pdf({ path: path.join(SHOTS, 'case-summary.pdf') });
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a session that ends keeps what was being typed', async () => {
  const page = await openPage('ckb');
  await login(page, INVESTIGATOR);
  await page.goto(`${base}/#/cases/${KRI_CASE}`);
  await page.waitForSelector('#note-text');
  await page.fill('#note-text', 'A long note typed before the session ended');
  await page.context().clearCookies();
  await page.click(`button:text("${LOCALES.ckb['case.save_note']}")`);
  await page.waitForSelector('#login-username');
  assert.equal(await page.textContent('[role=alert]'),
               LOCALES.ckb['login.expired']);
  await login(page, INVESTIGATOR);
  await page.waitForSelector('#note-text');
  assert.equal(await page.inputValue('#note-text'),
               'A long note typed before the session ended');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a TIP case from the start: open it, add a victim, screen her',
     async () => {
  const page = await openPage('en-GB');
  await login(page, INVESTIGATOR);
  await page.click(`button:text("${LOCALES.en['home.open_case']}")`);
  await page.fill('#title', 'Recruited with a false job offer (browser)');
  await page.selectOption('#kind', 'tip');
  await page.fill('#summary', 'Reported by a shelter in Erbil.');
  await page.click(`button:text("${LOCALES.en['open.submit']}")`);
  await page.waitForSelector('ol.steps');
  const ref = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
  assert.match(ref, /^KRI-MOI-\d{4}-\d{6}$/);
  // A presumed victim, her name in Arabic script.
  await page.click(`button:text("${LOCALES.en['person.add']}")`);
  await page.fill('#given', 'ليلى');
  await page.fill('#father', 'كريم');
  await page.fill('#family', 'الجبوري');
  await page.selectOption('#sex', 'female');
  await page.fill('#born', '1999');
  await page.fill('#nationality', 'IQ');
  await page.selectOption('#role', 'presumed_victim');
  await page.click(`button:text("${LOCALES.en['person.save']}")`);
  await page.waitForSelector('table.people td.name');
  assert.equal(await page.locator('table.people td.name').first()
    .innerText(), 'ليلى كريم الجبوري');
  // The first step done, the screening step waits for the screening.
  const first = page.locator('#step-ensure_immediate_safety');
  await first.locator(`button:text("${LOCALES.en['step.do']}")`).click();
  await page.click(`button:text("${LOCALES.en['step.confirm_done']}")`);
  await page.waitForSelector('#step-ensure_immediate_safety.done');
  const step = '#step-screen_for_indicators';
  await page.waitForSelector(`${step}.blocked`);
  assert.match(await page.locator(`${step} .step-reason`).innerText(),
               /not screened/);
  // The screening, rendered from the instrument: a threat to her family
  // is enough for a strong indication on its own.
  await page.click(`button:text("${LOCALES.en['screening.start']}")`);
  await page.waitForSelector('form.screening');
  const questions = await page.locator('form.screening .question').count();
  assert.ok(questions > 40, `${questions} questions`);
  await page.$$eval('form.screening input[value=no]',
                    radios => radios.forEach(r => { r.checked = true; }));
  await page.check('input[name=answer-threats_of_harm][value=yes]');
  await shot(page, 'screening-en');
  await page.click(`button:text("${LOCALES.en['screening.submit']}")`);
  await page.waitForSelector('.screening-result');
  assert.match(await page.locator('.screening-result').innerText(),
               new RegExp(LOCALES.en['outcome.strong']));
  assert.equal(await page.locator('table.people .badge.outcome-strong')
    .count(), 1);
  // The step the screening held back is open now.
  await page.waitForSelector(`${step}.ready, ${step}.overdue`);
  await shot(page, 'case-screened-en');
  // The legal elements, and the classification tipsom suggests from them,
  // with its reasons; the officer decides.
  await page.click(`button:text("${LOCALES.en['legal.assess']}")`);
  for (const v of ['recruitment', 'transport', 'deception',
                   'abuse_of_vulnerability', 'sexual_exploitation']) {
    await page.check(`form.legal-form input[value=${v}]`);
  }
  await page.selectOption('#legal-border_crossed', 'no');
  await page.click(`button:text("${LOCALES.en['legal.submit']}")`);
  await page.waitForSelector('#legal-suggestion');
  assert.equal(await page.textContent('#legal-suggestion'),
               LOCALES.en['suggestion.tip']);
  assert.equal(await page.locator('.reasons li[data-code="tip.elements_met"]')
    .innerText(), LOCALES.en['reason.tip.elements_met']);
  await page.click(`button:text("${LOCALES.en['legal.classify']}")`);
  await page.waitForSelector(`text=${LOCALES.en['legal.decided'].replace(
    '{kind}', LOCALES.en['kind.tip'])}`);
  await page.selectOption('#language-picker', 'ckb');
  try {
    await page.waitForFunction(() => document.documentElement.lang ===
      'ckb' && document.querySelector('#legal-suggestion'));
    assert.equal(await page.locator(
      '.reasons li[data-code="tip.elements_met"]').innerText(),
      LOCALES.ckb['reason.tip.elements_met']);
    await assertTranslated(page, 'ckb');
  } finally {
    await forgetLanguage(page);
  }
  await shot(page, 'case-legal-ckb');
  // Closed, with its reason: nothing is left to do on it.
  await page.click(`button:text("${LOCALES.ckb['close.start']}")`);
  await page.fill('#close-reason', 'Handed over to the prosecution');
  await page.click(`button:text("${LOCALES.ckb['close.confirm']}")`);
  await page.waitForSelector(`dd:text("${LOCALES.ckb['status.closed']}")`);
  assert.equal(await page.locator('.step-actions').count(), 0);
  assert.equal(await page.locator('#note-text').count(), 0);
  assert.equal(await page.locator('.close-case').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the language chosen is remembered for the user', async () => {
  const page = await openPage('en-GB');
  await login(page, OTHER_AGENCY);
  await page.waitForSelector('#cases-title');
  await page.selectOption('#language-picker', 'ckb');
  await page.waitForFunction(() => document.documentElement.lang === 'ckb');
  await page.click(`text=${LOCALES.ckb['common.logout']}`);
  await page.waitForSelector('#login-username');
  await page.context().close();
  // Another browser, set to English: after login, Sorani.
  const again = await openPage('en-GB');
  assert.equal(await again.getAttribute('html', 'lang'), 'en');
  await login(again, OTHER_AGENCY);
  await again.waitForSelector('#cases-title');
  assert.equal(await again.getAttribute('html', 'lang'), 'ckb');
  assert.equal(await again.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await again.textContent('#cases-title'),
               LOCALES.ckb['home.cases']);
  await forgetLanguage(again);
  await again.context().close();
});

test('another agency does not see the case', async () => {
  const page = await openPage('ar-IQ');
  await login(page, OTHER_AGENCY);
  await page.waitForSelector('#cases-title');
  await page.waitForLoadState('networkidle');
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes(KRI_CASE), text);
  // Its address gives the same "not found" as a case that does not exist.
  await page.goto(`${base}/#/cases/${KRI_CASE}`);
  await page.waitForSelector('[role=alert]');
  assert.equal(await page.textContent('[role=alert]'),
               LOCALES.ar['case.not_found']);
  const r = await page.evaluate(async ref =>
    (await fetch(`/api/v1/cases/${ref}`)).status, KRI_CASE);
  assert.equal(r, 404);
  await page.context().close();
});

test('the case list: filters, pages, and a case shared with the agency',
     async () => {
  const shared = 'KRI-MOI-2026-000002';
  run('--as', 's.hawre', 'case', 'share', shared, '--agency', 'IQ-MOI',
      '--scope', 'whole', '--reason', 'Joint investigation of the recruiters');
  const page = await openPage('ar-IQ');
  await login(page, OTHER_AGENCY);
  await page.waitForSelector('#cases-title');
  await page.click(`a:text("${LOCALES.ar['list.all']}")`);
  await page.waitForSelector('form.filters');
  const rows = () => page.locator('table.cases tbody tr');
  await page.waitForSelector('table.cases');
  const refs = await page.locator('table.cases td.ref a').allInnerTexts();
  assert.ok(refs.includes(shared), `${refs}`);
  assert.ok(!refs.includes(KRI_CASE), 'only the shared one of KRI-MOI');
  const badge = page.locator(`tr:has(a:text("${shared}")) .badge.shared`);
  assert.equal(await badge.innerText(),
               LOCALES.ar['list.shared_by'].replace('{agency}', 'KRI-MOI'));
  // The agency filter: KRI-MOI's cases this agency may see.
  await page.selectOption('#filter-agency', 'KRI-MOI');
  await page.click(`button:text("${LOCALES.ar['list.apply']}")`);
  await page.waitForFunction(() => location.hash.includes('agency=KRI-MOI'));
  // The list of before stays until the new one is drawn: wait for it.
  await page.waitForFunction((only) => {
    const refs = [...document.querySelectorAll('table.cases td.ref a')];
    return refs.length === 1 && refs[0].textContent === only;
  }, shared);
  assert.deepEqual(await page.locator('table.cases td.ref a').allInnerTexts(),
                   [shared]);
  // Closed only: every row says so (or none match).
  await page.selectOption('#filter-agency', '');
  await page.selectOption('#filter-status', 'closed');
  await page.click(`button:text("${LOCALES.ar['list.apply']}")`);
  await page.waitForFunction(() => location.hash.includes('status=closed'));
  await page.waitForSelector('table.cases, .message.info');
  for (const status of await rows().locator('td:nth-child(4)')
    .allInnerTexts()) {
    assert.equal(status, LOCALES.ar['status.closed']);
  }
  // The shared case opens, read-only, saying whose it is.
  await page.goto(`${base}/#/cases/${shared}`);
  await page.waitForSelector('ol.steps');
  assert.match(await page.locator('main .message.info').first().innerText(),
               /KRI-MOI/);
  assert.equal(await page.locator('#note-text').count(), 0);
  assert.equal(await page.locator('.step-actions').count(), 0);
  await shot(page, 'shared-case-ar');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a supervisor reads the case\'s audit trail; others do not see it',
     async () => {
  const page = await openPage('en-GB');
  await login(page, SUPERVISOR);
  await page.waitForSelector('table.cases');
  await page.goto(`${base}/#/cases/${KRI_CASE}`);
  await page.waitForSelector('details.audit');
  await page.click('details.audit summary');
  await page.waitForSelector('table.audit-log tbody tr');
  // The actions in words, not codes.
  const actions = await page.locator('table.audit-log td:nth-child(3)')
    .allInnerTexts();
  assert.ok(actions.includes(LOCALES.en['action.case.open']) &&
            actions.includes(LOCALES.en['action.case.identities_read']),
            `${actions}`);
  assert.equal(await page.locator('table.audit-log td .code').count(), 0);
  await page.context().close();
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('table.cases');
  await inv.goto(`${base}/#/cases/${KRI_CASE}`);
  await inv.waitForSelector('ol.steps');
  assert.equal(await inv.locator('details.audit').count(), 0);
  await inv.context().close();
});

test('a person\'s page: the names as recorded, audited', async () => {
  const reads = () => JSON.parse(run('--as', 'a.rahman', 'audit', 'log',
                                     '--json'))
    .filter(e => e.action === 'person.read').length;
  const page = await openPage('ar-IQ');
  await login(page, INVESTIGATOR);
  await page.waitForSelector('table.cases');
  await page.goto(`${base}/#/cases/${KRI_CASE}`);
  await page.waitForSelector('table.people td.name a');
  const before = reads();
  await page.locator('table.people td.name a').first().click();
  await page.waitForSelector('#identity-title');
  assert.match(await page.textContent('h1'), /[\u0600-\u06ff]/);
  assert.equal(reads(), before + 1);
  assert.ok((await page.locator('main').innerText()).includes(
    LOCALES.ar['person.documents']));
  await assertTranslated(page, 'ar');
  await shot(page, 'person-ar');
  // Back to the case it was opened from.
  await page.click(`.crumbs a`);
  await page.waitForSelector('ol.steps');
  // With names hidden, the person's page is not opened at all.
  await page.check('#hide-identities');
  await page.waitForSelector('table.people td.masked');
  // (person 1 is the victim of the demo's first case)
  await page.goto(`${base}/#/persons/1?case=${KRI_CASE}`);
  await page.waitForSelector('ol.steps');
  assert.equal(reads(), before + 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// A request of the logged-in page's user, as the page would send it.
async function apiCall(page, method, url, body) {
  return page.evaluate(async ([method, url, body]) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1' + url, { method,
      headers: { 'Content-Type': 'application/json',
                 'X-CSRF-Token': s.csrf },
      body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, json: await r.json() };
  }, [method, url, body]);
}

test('the case list searches references and titles, not in the address',
     async () => {
  const page = await openPage('en-GB');
  await login(page, INVESTIGATOR);
  await page.waitForSelector('table.work, #work-title');
  const title = 'Kiln workers near Koya (search test)';
  const made = await apiCall(page, 'POST', '/cases',
                             { title, kind: 'tip', lead: 's.hawre' });
  assert.equal(made.status, 201);
  await page.goto(`${base}/#/cases`);
  await page.waitForSelector('#filter-q');
  await page.fill('#filter-q', 'near Koya');
  await page.click(`button:text("${LOCALES.en['list.apply']}")`);
  await page.waitForFunction(ref => {
    const refs = [...document.querySelectorAll('table.cases td.ref a')];
    return refs.length === 1 && refs[0].textContent === ref;
  }, made.json.ref);
  assert.ok(!page.url().includes('Koya'), page.url());
  // Those the user leads: the new case is led by someone else.
  await page.fill('#filter-q', '');
  await page.selectOption('#filter-show', 'mine');
  await page.click(`button:text("${LOCALES.en['list.apply']}")`);
  // Wait for the list redrawn, not for the search's still on screen.
  await page.waitForFunction(ref => [...document.querySelectorAll(
    'table.cases td.ref a')].some(a => a.textContent === ref), KRI_CASE);
  const mine = await page.locator('table.cases td.ref a').allInnerTexts();
  assert.ok(!mine.includes(made.json.ref) && mine.includes(KRI_CASE),
            `${mine}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an administrator: agencies, users, roles and SOP versions',
     async () => {
  const page = await openPage('ar-IQ');
  await login(page, ADMIN);
  await page.waitForSelector('nav.admin-links');
  assert.equal(await page.locator('table.work').count(), 0);
  await page.click(`nav.admin-links a:text("${LOCALES.ar['admin.agencies']}")`);
  await page.waitForSelector('table.admin');
  await page.fill('#agency-code', 'KRI-DSS');
  await page.fill('#agency-name', 'مديرية الشؤون الاجتماعية');
  await page.selectOption('#agency-kind', 'social_services');
  await page.click(`form.admin-form button[type=submit]`);
  await page.waitForSelector('td:text("مديرية الشؤون الاجتماعية")');
  assert.ok((await page.locator('table.admin').innerText()).includes(
    LOCALES.ar['agency_kind.social_services']));
  // The same code again: the server's refusal, led in Arabic.
  await page.fill('#agency-code', 'KRI-DSS');
  await page.fill('#agency-name', 'x');
  await page.click(`form.admin-form button[type=submit]`);
  await page.waitForSelector('form.admin-form [role=alert]');
  assert.ok((await page.textContent('form.admin-form [role=alert]'))
    .startsWith(LOCALES.ar['error.409']));
  await shot(page, 'admin-agencies-ar');
  await page.goto(`${base}/#/admin/users`);
  await page.waitForSelector('#user-username');
  await page.selectOption('#user-agency', 'KRI-DSS');
  await page.fill('#user-username', 'a.karwan');
  await page.fill('#user-full-name', 'ئاری کاروان');
  await page.selectOption('#user-role', 'caseworker');
  await page.fill('#user-password', 'A long first passphrase 2026');
  await page.click('form.admin-form button[type=submit]');
  const row = page.locator('table.admin tr', { hasText: 'a.karwan' });
  await row.waitFor();
  assert.ok((await row.innerText()).includes(LOCALES.ar['role.caseworker']));
  await row.locator('button').click();
  await row.locator(`text=${LOCALES.ar['admin.unlocked']}`).waitFor();
  await page.goto(`${base}/#/admin/roles`);
  await page.waitForSelector('table.roles');
  assert.equal(await page.locator('table.roles tbody tr').count(), 8);
  await assertTranslated(page, 'ar');
  await shot(page, 'admin-roles-ar');
  await page.goto(`${base}/#/admin/sops`);
  await page.waitForSelector('table.admin');
  const sops = await page.locator('table.admin').innerText();
  for (const id of ['tip', 'som', 'victim-screening']) {
    assert.ok(sops.includes(id), `${id} in ${sops}`);
  }
  await page.setInputFiles('#sop-file', { name: 'broken.json',
    mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  await page.click('form.admin-form button[type=submit]');
  await page.waitForSelector(`text=${LOCALES.ar['admin.not_json']}`);
  await shot(page, 'admin-sops-ar');
  // The browser logs the one refusal the test asked for; nothing else.
  assert.deepEqual(page.problems, ['Failed to load resource: the server ' +
                                   'responded with a status of 409 (Conflict)']);
  await page.context().close();
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('#work-title');
  // Not for other roles.
  await inv.goto(`${base}/#/admin/users`);
  await inv.waitForSelector(`text=${LOCALES.en['admin.forbidden']}`);
  await inv.context().close();
});

// The six digits an authenticator app shows for a base32 secret at a time
// (RFC 6238: SHA-1, 30-second steps).
function appCode(secret, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map(b => parseInt(b, 2)));
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = crypto.createHmac('sha1', key).update(step).digest();
  const at = mac[19] & 0x0f;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000)
    .padStart(6, '0');
}

test('your account: a new password, and two-factor login with an app',
     async () => {
  const admin = await openPage('en-GB');
  await login(admin, ADMIN);
  await admin.waitForSelector('nav.admin-links');
  const user = { username: 'p.soran', password: 'First-Passphrase-Erbil-26' };
  const made = await apiCall(admin, 'POST', '/users', { agency: 'KRI-MOI',
    username: user.username, role: 'caseworker', password: user.password });
  assert.equal(made.status, 201);
  assert.equal(made.json.two_factor, false);

  const ckb = LOCALES.ckb;
  const page = await openPage('ckb');
  await login(page, user);
  await page.click('a.who');
  await page.waitForSelector('#pw-current');
  await assertTranslated(page, 'ckb');
  const passwordForm = page.locator('form[aria-labelledby=pw-title]');
  await page.fill('#pw-current', user.password);
  await page.fill('#pw-new', 'Second-Passphrase-Tigris-7');
  await page.fill('#pw-again', 'Second-Passphrase-Tigris-8');
  await passwordForm.locator('button[type=submit]').click();
  await passwordForm.locator(`text=${ckb['account.passwords_differ']}`)
    .waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id),
               'pw-again');
  await page.fill('#pw-again', 'Second-Passphrase-Tigris-7');
  await passwordForm.locator('button[type=submit]').click();
  await page.locator('#account-status',
    { hasText: ckb['account.password_changed'] }).waitFor();
  user.password = 'Second-Passphrase-Tigris-7';

  // Two-factor: the code to scan, the secret to type, then a code.
  assert.equal(await page.textContent('#tf-title + p'),
               ckb['account.two_factor_off']);
  await page.click('#tf-start');
  await page.waitForSelector('svg.qr path');
  const secret = (await page.textContent('bdi.secret')).replace(/ /g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.ok((await page.getAttribute('svg.qr path', 'd')).length > 1000);
  assert.equal(await page.evaluate(() => document.activeElement.id),
               'tf-code');
  await assertTranslated(page, 'ckb');
  await shot(page, 'account-two-factor-ckb');
  const now = Date.now() / 1000;
  const code = appCode(secret, now);
  const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
  await page.fill('#tf-code', wrong);
  await page.click(`button:text("${ckb['account.confirm']}")`);
  await page.waitForSelector('.steps-to-enrol [role=alert]');
  await page.fill('#tf-code', code);
  await page.click(`button:text("${ckb['account.confirm']}")`);
  await page.locator('#account-status', { hasText: ckb['account.enrolled'] })
    .waitFor();
  assert.equal(await page.textContent('#tf-title + p'),
               ckb['account.two_factor_on']);
  // The secret was never put where it stays.
  assert.ok(!page.url().includes(secret));
  assert.equal(await page.evaluate(() => localStorage.length +
                                   sessionStorage.length), 0);

  // Logging in now asks for the app's code.
  await page.click(`text=${ckb['common.logout']}`);
  await login(page, user);
  await page.waitForSelector('#login-totp');
  await page.fill('#login-password', user.password);
  await page.fill('#login-totp', appCode(secret, now + 30));
  await page.click('button[type=submit]');
  await page.waitForSelector('a.who');
  // The browser logs the wrong code's refusal; nothing else.
  const logged = page.problems.filter(p => !p.includes('status of 401'));
  assert.equal(logged.length, 1, logged.join('\n'));
  assert.match(logged[0], /status of 422/);
  await page.context().close();

  // The phone is lost: an administrator removes it.
  await admin.goto(`${base}/#/admin/users?agency=KRI-MOI`);
  const row = admin.locator('table.admin tr', { hasText: user.username });
  await row.locator(`button:text("${LOCALES.en['admin.remove_two_factor']}")`)
    .click();
  await row.locator(`text=${LOCALES.en['admin.two_factor_removed']}`)
    .waitFor();
  await admin.context().close();
});

test('the directory of service providers: searching it, and keeping it',
     async () => {
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.click(`a:text("${LOCALES.en['provider.title']}")`);
  await inv.waitForSelector('table.providers');
  assert.equal(await inv.locator('form.provider-form').count(), 0);
  await inv.selectOption('#pf-service', 'child_protection');
  await inv.selectOption('#pf-accepts', 'children');
  await inv.click(`button:text("${LOCALES.en['provider.search']}")`);
  await inv.waitForFunction(() => location.hash.includes('service='));
  await inv.waitForFunction(() =>
    document.querySelectorAll('table.providers tbody tr').length === 1);
  assert.match(await inv.textContent('table.providers tbody'),
               /ERB-CHILD-PROT/);
  assert.match(await inv.textContent('table.providers tbody'),
               new RegExp(LOCALES.en['service.child_protection']));
  assert.deepEqual(inv.problems, []);
  await inv.context().close();

  const ar = LOCALES.ar;
  const sup = await openPage('ar-IQ');
  await login(sup, SUPERVISOR);
  await sup.waitForSelector('a.who');
  await sup.goto(`${base}/#/providers`);
  await sup.waitForSelector('#pa-code');
  await sup.fill('#pa-code', 'ERB-INTERPRETERS');
  await sup.fill('#pa-name', 'رابطة المترجمين في أربيل');
  await sup.fill('#pa-region', 'Erbil');
  await sup.check('#pa-services input[value=interpretation]');
  await sup.check('#pa-accepts input[value=women]');
  await sup.check('#pa-accepts input[value=men]');
  await sup.fill('#pa-languages', 'ar ckb prs');
  await sup.fill('#pa-capacity', '5');
  await sup.click(`form.provider-form button:text("${ar['provider.add']}")`);
  const row = sup.locator('table.providers tr', { hasText:
    'ERB-INTERPRETERS' });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(
    ar['service.interpretation']));
  await assertTranslated(sup, 'ar');
  await shot(sup, 'providers-ar');
  // It stops taking referrals: it leaves the list, and stays in the
  // directory.
  await row.locator(`button:text("${ar['provider.change']}")`).click();
  await sup.waitForSelector('#pe-active');
  await sup.uncheck('#pe-active');
  await sup.click(`button:text("${ar['provider.save']}")`);
  await row.waitFor({ state: 'detached' });
  await sup.check('#pf-all');
  await sup.click(`button:text("${ar['provider.search']}")`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(ar['provider.inactive']));
  assert.deepEqual(sup.problems.filter(p => !p.includes('status of 401')),
                   []);
  await sup.context().close();
});

test('a referral with consent: made from the case, answered by the shelter, consent withdrawn',
     async () => {
  const en = LOCALES.en;
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('a.who');
  await inv.goto(`${base}/#/cases/${KRI_CASE}`);
  await inv.waitForSelector('#referrals-title');
  await inv.click(`#referrals-title ~ p button:text("${en['referral.make']}")`);
  await inv.waitForSelector('#rf-provider option[value=KRI-SHL-ERBIL]',
                            { state: 'attached' });
  await inv.selectOption('#rf-provider', 'KRI-SHL-ERBIL');
  await inv.fill('#rf-needs', 'Safe housing; a female doctor');
  await inv.fill('#rf-explained', 'The shelter, what it will know of her, ' +
                 'and that she may refuse or stop at any time');
  await inv.fill('#rf-language', 'ar');
  await inv.fill('#rf-interpreter', 'Interpreter No. 4');
  await shot(inv, 'referral-form-en');
  // Sharing more than she agreed to is refused, with the reason.
  await inv.check('form.refer input[name=shares][value=suspects]');
  await inv.click(`form.refer button[type=submit]`);
  await inv.waitForSelector('form.refer [role=alert]');
  assert.match(await inv.textContent('form.refer [role=alert]'),
               /goes beyond what the person agreed to/);
  await inv.uncheck('form.refer input[name=shares][value=suspects]');
  await inv.click(`form.refer button[type=submit]`);
  // The demo's own referral is listed already: wait for the new one.
  await inv.waitForSelector('#referrals-title ~ div [role=status]');
  const made = await inv.textContent('#referrals-title ~ div [role=status]');
  const id = made.match(/\d+/)[0];
  const row = inv.locator('table.referrals tbody tr',
                          { hasText: new RegExp(`#${id}(?!\\d)`) });
  await row.waitFor();
  assert.match(await row.innerText(),
               new RegExp(en['referral_status.sent']));
  await inv.context().close();

  // The shelter's case worker, in Sorani: the inbox, what is shared.
  const ckb = LOCALES.ckb;
  const shl = await openPage('ckb');
  await login(shl, SHELTER_WORKER);
  await shl.waitForSelector('#inbox-title');
  await shl.click(`table.referrals a:text("#${id}")`);
  await shl.waitForSelector('#shared-title');
  const shared = await shl.textContent('#shared-title + dl');
  assert.match(shared, /Safe housing; a female doctor/);
  assert.match(shared, /\+964/);
  assert.equal(await shl.locator('#consent-title').count(), 0);
  await assertTranslated(shl, 'ckb');
  await shot(shl, 'referral-received-ckb');
  await shl.click(`button:text("${ckb['referral.to.accepted']}")`);
  await shl.waitForSelector(`h1 .badge:text("${ckb['referral_status.accepted']}")`);
  await shl.fill('#wc-reason', 'She asked the shelter to stop');
  await shl.click(`button:text("${ckb['referral.withdraw_consent']}")`);
  await shl.waitForSelector(`text=${ckb['referral.nothing_shared']}`);
  assert.doesNotMatch(await shl.textContent('main'), /\+964/);
  await shl.context().close();

  // The referring agency keeps the whole record.
  const back = await openPage('en-GB');
  await login(back, INVESTIGATOR);
  await back.waitForSelector('a.who');
  await back.goto(`${base}/#/referrals/${id}`);
  await back.waitForSelector('#consent-title');
  assert.match(await back.textContent('#consent-title + dl'),
               /She asked the shelter to stop/);
  assert.equal(await back.locator('table.history tbody tr').count(), 3);
  assert.deepEqual(back.problems.filter(p => !p.includes('status of 401')),
                   []);
  await back.context().close();
});

test('sharing a case for victim assistance only, ending it, and transferring the case',
     async () => {
  const en = LOCALES.en;
  const ar = LOCALES.ar;
  const ref = run('--as', 'd.karim', 'case', 'open', '--kind', 'tip',
                  '--title', 'Domestic worker kept by an employer').trim();
  const victim = run('--as', 'd.karim', 'person', 'add', '--given', 'Amina',
                     '--family', 'Sulaiman', '--sex', 'female').trim();
  run('--as', 'd.karim', 'case', 'add-person', ref, victim, '--role',
      'victim');
  run('--as', 'd.karim', 'case', 'note', ref, 'Employer questioned on 2 May');
  const sup = await openPage('en-GB');
  await login(sup, SUPERVISOR);
  await sup.waitForSelector('a.who');
  await sup.goto(`${base}/#/cases/${ref}`);
  await sup.waitForSelector('#sharing-title');
  // The victim was identified today: the reflection period counts down.
  assert.match(await sup.textContent('p.reflection.running'),
               /30 days left/);
  assert.match(await sup.textContent('#sharing-title ~ div'),
               new RegExp(en['share.none']));
  await sup.click(`button:text("${en['share.add']}")`);
  await sup.waitForSelector('#sh-agency option[value=IQ-MOI]',
                            { state: 'attached' });
  await sup.selectOption('#sh-agency', 'IQ-MOI');
  await sup.fill('#sh-reason', 'Shelter placement in Baghdad');
  // No scope chosen: the browser asks for one before anything is sent.
  await sup.click('form.share button[type=submit]');
  assert.equal(await sup.locator('table.shares').count(), 0);
  await sup.check('form.share input[name=scope][value=assistance]');
  await shot(sup, 'share-form-en');
  await sup.click('form.share button[type=submit]');
  await sup.waitForSelector('table.shares');
  assert.match(await sup.textContent('table.shares'),
               new RegExp(en['share_scope.assistance']));

  // The other agency, in Arabic: the victim, not the record or the steps.
  const other = await openPage('ar-IQ');
  await login(other, OTHER_AGENCY);
  await other.waitForSelector('a.who');
  await other.goto(`${base}/#/cases/${ref}`);
  await other.waitForSelector('.shared-sight');
  assert.match(await other.textContent('.shared-sight'),
               new RegExp(ar['share_scope.assistance']));
  assert.equal(await other.locator('#notes-title').count(), 0);
  assert.equal(await other.locator('ol.steps').count(), 0);
  assert.equal(await other.locator('#sharing-title').count(), 0);
  assert.doesNotMatch(await other.textContent('main'), /Employer questioned/);
  assert.match(await other.textContent('main'), /Amina Sulaiman/);
  await assertTranslated(other, 'ar');
  await shot(other, 'shared-for-assistance-ar');

  // Ended: the other agency no longer finds the case.
  await sup.click(`table.shares button:text("${en['share.revoke']}")`);
  await sup.fill('table.shares textarea', 'Placement done');
  await sup.click(`table.shares button[type=submit]`);
  await sup.waitForSelector(`table.shares .badge:text("${en['share.state.revoked']}")`);
  await other.reload();
  await other.waitForSelector('main .message.error');

  // Transferred, the old agency keeping the suspects and evidence.
  await sup.click(`button:text("${en['transfer.title']}")`);
  await sup.waitForSelector('#tr-agency option[value=IQ-MOI]',
                            { state: 'attached' });
  await sup.selectOption('#tr-agency', 'IQ-MOI');
  await sup.fill('#tr-reason', 'The employer lives in Baghdad');
  await sup.fill('#tr-lead', 'n.jabbar');
  await sup.selectOption('#tr-keep', 'investigation');
  await sup.click('form.transfer button[type=submit]');
  await sup.waitForFunction(() => location.hash === '#/');
  await other.reload();
  await other.waitForSelector('#note-text');
  assert.equal(await other.locator('.shared-sight').count(), 0);
  await sup.goto(`${base}/#/cases/${ref}`);
  await sup.waitForSelector('.shared-sight');
  assert.match(await sup.textContent('.shared-sight'),
               new RegExp(en['share_scope.investigation']));
  assert.match(await sup.textContent('main'), /Employer questioned/);
  assert.equal(await sup.locator('#note-text').count(), 0);
  assert.deepEqual(sup.problems.filter(p => !p.includes('status of 404')),
                   []);
  await sup.context().close();
  await other.context().close();
});

// Today moved by days, as the server counts them (UTC), YYYY-MM-DD.
function day(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

test('a cooperation request: made from the case, followed up, on the home list',
     async () => {
  const en = LOCALES.en;
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('a.who');
  await inv.goto(`${base}/#/cases/${KRI_CASE}`);
  // The demo's request to Türkiye is there, overdue.
  await inv.waitForSelector('table.cooperation tr[data-id="1"]');
  assert.match(await inv.textContent('table.cooperation tr[data-id="1"]'),
               new RegExp(en['cooperation.to_follow_up']));
  await inv.click(`#cooperation-title ~ p button:text("${en['cooperation.make']}")`);
  await inv.selectOption('#cf-kind', 'joint_investigation');
  await inv.fill('#cf-country', 'ir');
  await inv.fill('#cf-authority', 'Judiciary of the Islamic Republic of Iran');
  await inv.fill('#cf-subject', 'A joint team on the smuggling route ' +
                 'through Urmia (fictional)');
  await inv.fill('#cf-our-ref', 'KRI-MOI/JIT/2026/1');
  await inv.fill('#cf-sent-on', day(-20));
  await inv.fill('#cf-due-on', day(-5));
  // A legal basis of blanks is refused, naming it, and nothing is kept.
  await inv.fill('#cf-legal-basis', '   ');
  await inv.click('form.cooperation-form button[type=submit]');
  await inv.waitForSelector('form.cooperation-form [role=alert]');
  assert.match(await inv.textContent('form.cooperation-form [role=alert]'),
               /legal_basis/);
  await inv.fill('#cf-legal-basis', 'Bilateral agreement on police ' +
                 'cooperation');
  await shot(inv, 'cooperation-form-en');
  await inv.click('form.cooperation-form button[type=submit]');
  const made = await inv.waitForSelector(
    '#cooperation-title ~ .cooperation-work [role=status]');
  const id = (await made.textContent()).match(/\d+/)[0];
  const row = `table.cooperation tr[data-id="${id}"]`;
  await inv.waitForSelector(row);
  assert.match(await inv.textContent(row), new RegExp(
    `${en['cooperation_status.sent']}.*${en['cooperation.to_follow_up']}`));
  // A follow-up by phone two days ago, the next one today: still due.
  await inv.click(`${row} button:text("${en['cooperation.actions']}")`);
  const form = 'form.follow-up';
  await inv.fill(`${form} input[name=on]`, day(-2));
  await inv.selectOption(`${form} select[name=channel]`, 'phone');
  await inv.fill(`${form} textarea[name=note]`, 'The liaison officer ' +
                 'promised an answer this week');
  await inv.fill(`${form} input[name=next_follow_up]`, day(0));
  await inv.click(`${form} button[type=submit]`);
  await inv.waitForFunction(([sel, when]) => {
    const r = document.querySelector(sel);
    return r && r.textContent.includes(when);
  }, [row, await inv.evaluate(d => new Intl.DateTimeFormat('en-GB',
    { dateStyle: 'medium' }).format(new Date(d + 'T00:00:00Z')), day(0))]);
  // The home page lists both to follow up; the request keeps its history.
  await inv.goto(`${base}/#/`);
  await inv.waitForSelector('#coop-due-title ~ table.cooperation');
  const due = await inv.textContent('#coop-due-title ~ table.cooperation');
  assert.match(due, new RegExp(`#${id}`));
  assert.match(due, /#1\b/);
  assert.match(due, new RegExp(KRI_CASE));
  await shot(inv, 'cooperation-home-en');
  await inv.click(`#coop-due-title ~ table a:text("#${id}")`);
  await inv.waitForSelector('#coop-history-title');
  const history = await inv.textContent('#coop-history-title + table');
  assert.match(history, new RegExp(en['channel.phone']));
  assert.match(history, /promised an answer this week/);
  assert.equal(await inv.locator('#coop-history-title + table tbody tr')
    .count(), 2);
  // Acknowledged from its page: the history grows.
  await inv.click(`form.move[data-to=acknowledged] button[type=submit]`);
  await inv.waitForSelector(
    `h1 .badge:text("${en['cooperation_status.acknowledged']}")`);
  assert.equal(await inv.locator('#coop-history-title + table tbody tr')
    .count(), 3);
  await shot(inv, 'cooperation-request-en');
  // The one refusal asked for above, and nothing else.
  assert.deepEqual(inv.problems.filter(p => !p.includes('status of 401')),
                   ['Failed to load resource: the server responded with ' +
                    'a status of 422 (Unprocessable Content)']);
  await inv.context().close();

  // In Sorani, another agency's investigator: not found, translated.
  const other = await openPage('ckb');
  await login(other, OTHER_AGENCY);
  await other.waitForSelector('#coop-due-title');
  await other.goto(`${base}/#/cooperation/${id}`);
  await other.waitForSelector(`text=${LOCALES.ckb['cooperation.not_found']}`);
  await assertTranslated(other, 'ckb');
  await other.context().close();
});

test('finding a person by name from the top bar, in another script',
     async () => {
  const en = LOCALES.en;
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('#person-q');
  // The first demo victim is recorded in Arabic script, and again in
  // Latin letters by a colleague (the demo's duplicate): both come first.
  await inv.fill('#person-q', 'Nour Salim al-Hasnawi');
  await inv.press('#person-q', 'Enter');
  await inv.waitForSelector('table.search-results');
  assert.equal(await inv.evaluate(() => location.hash), '#/search');
  const rows = inv.locator('table.search-results tbody tr');
  const firstTwo = (await rows.allInnerTexts()).slice(0, 2).join('\n');
  assert.match(firstTwo, /نور سالم/);
  assert.match(firstTwo, /Noor Salem/);
  const first = rows.filter({ hasText: 'نور سالم' }).first();
  await shot(inv, 'person-search-en');
  await first.locator('a').click();
  await inv.waitForFunction(() => location.hash.startsWith('#/persons/'));
  await inv.context().close();

  // Another agency does not find her, nor learn that she exists.
  const other = await openPage('ar-IQ');
  await login(other, OTHER_AGENCY);
  await other.waitForSelector('#person-q');
  await other.fill('#person-q', 'نور سالم الحسناوي');
  await other.press('#person-q', 'Enter');
  await other.waitForSelector('main [role=status]');
  assert.equal(await other.locator('table.search-results tr',
    { hasText: 'نور سالم' }).count(), 0);
  await other.context().close();
});

// Marks step id of the case on the page done, and waits until it is.
async function doStep(page, id) {
  const step = page.locator(`#step-${id}`);
  await step.locator(`button:text("${LOCALES.en['step.do']}")`).click();
  await step.locator(`button:text("${LOCALES.en['step.confirm_done']}")`)
    .click();
  await page.waitForSelector(`#step-${id}.done`);
}

// Records the fact that opens the gate holding step id, from its button.
async function recordFact(page, id, fact, note) {
  const step = page.locator(`#step-${id}`);
  await step.locator(`button:text("${LOCALES.en[`fact.record.${fact}`]}")`)
    .click();
  if (note) await step.locator('textarea').fill(note);
  await step.locator(`button:text("${LOCALES.en['fact.confirm']}")`).click();
  await page.waitForFunction(([id, fact]) => {
    const el = document.getElementById(`step-${id}`);
    return el && !el.querySelector('.fact button') &&
      !el.textContent.includes(fact);
  }, [id, LOCALES.en[`fact.record.${fact}`]]);
}

test('a case walked to the prosecution handover, and its printed summary',
     async () => {
  const page = await openPage('en-GB');
  await login(page, INVESTIGATOR);
  await page.waitForSelector('#work-title');
  const c = (await apiCall(page, 'POST', '/cases', {
    title: 'Domestic workers held in Ankawa (handover)', kind: 'tip' })).json;
  const person = (await apiCall(page, 'POST', '/persons', {
    given: 'مريم', family: 'حسن', sex: 'female', born: '1995',
    nationalities: ['IQ'] })).json;
  assert.equal((await apiCall(page, 'POST', `/cases/${c.ref}/people`, {
    person_id: person.id, role: 'presumed_victim' })).status, 201);
  await page.goto(`${base}/#/cases/${c.ref}`);
  await page.waitForSelector('ol.steps');
  for (const id of ['ensure_immediate_safety', 'apply_non_punishment',
                    'explain_rights']) await doStep(page, id);
  // Screening, then the legal elements and the classification.
  const why = await page.locator('#step-screen_for_indicators .step-reason')
    .innerText();
  assert.equal(why, LOCALES.en['why.gate.screening_done'].replace(
    '{person}', 'مريم حسن'));
  await page.click(`button:text("${LOCALES.en['screening.start']}")`);
  await page.waitForSelector('form.screening');
  await page.$$eval('form.screening input[value=no]',
                    radios => radios.forEach(r => { r.checked = true; }));
  await page.check('input[name=answer-threats_of_harm][value=yes]');
  await page.click(`button:text("${LOCALES.en['screening.submit']}")`);
  await page.waitForSelector('.screening-result');
  await doStep(page, 'screen_for_indicators');
  await doStep(page, 'assess_trafficking_elements');
  await page.click(`button:text("${LOCALES.en['legal.assess']}")`);
  for (const v of ['recruitment', 'harbouring', 'deception', 'forced_labour']) {
    await page.check(`form.legal-form input[value=${v}]`);
  }
  await page.selectOption('#legal-border_crossed', 'no');
  await page.click(`button:text("${LOCALES.en['legal.submit']}")`);
  await page.waitForSelector('#legal-suggestion');
  await page.click(`button:text("${LOCALES.en['legal.classify']}")`);
  await page.waitForSelector(`text=${LOCALES.en['legal.decided'].replace(
    '{kind}', LOCALES.en['kind.tip'])}`);
  await doStep(page, 'record_identification_decision');
  // Protection: the risk assessment and her consent open the gates.
  await recordFact(page, 'assess_risks', 'risk_assessment',
                   'Threats to her family in Duhok; moved to a shelter');
  await doStep(page, 'assess_risks');
  await recordFact(page, 'refer_to_assistance', 'informed_consent');
  await doStep(page, 'refer_to_assistance');
  for (const id of ['secure_evidence', 'secure_digital_evidence',
                    'financial_investigation', 'identify_network',
                    'prepare_case_file', 'arrange_witness_protection']) {
    await doStep(page, id);
  }
  // No suspect yet: arrest and charging do not apply, with the reason.
  assert.equal(await page.locator('#step-arrest_and_charge .step-reason')
    .innerText(), LOCALES.en['why.condition.suspect_present']);
  // Ready for the handover but for the supervisor's approval.
  const handover = '#step-hand_over_to_prosecution';
  await page.waitForSelector(`${handover}.blocked`);
  assert.equal(await page.locator(`${handover} .step-reason`).innerText(),
               LOCALES.en['why.gate.supervisor_approval']);
  assert.equal(await page.locator(`${handover} button`).count(), 0);
  await shot(page, 'case-before-handover-en');
  await page.context().close();
  // The supervisor approves and hands the case over.
  const sup = await openPage('en-GB');
  await login(sup, SUPERVISOR);
  await sup.waitForSelector('#work-title');
  await sup.goto(`${base}/#/cases/${c.ref}`);
  await sup.waitForSelector(`${handover}.blocked`);
  await recordFact(sup, 'hand_over_to_prosecution', 'supervisor_approval');
  await sup.waitForSelector(`${handover}.ready, ${handover}.overdue`);
  await doStep(sup, 'hand_over_to_prosecution');
  await sup.emulateMedia({ media: 'print' });
  assert.equal(await sup.locator('.fact, .step-actions, header.bar')
    .evaluateAll(els => els.filter(e => e.offsetParent !== null).length), 0);
  assert.equal(await sup.locator(`${handover}`).isVisible(), true);
  await sup.pdf({ path: path.join(SHOTS, 'handover-summary.pdf') });
  await sup.emulateMedia({ media: 'screen' });
  assert.deepEqual(sup.problems, []);
  await sup.context().close();
});

test('the network behind a case: identifiers added, call records imported, the graph explored',
     async () => {
  const en = LOCALES.en;
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('a.who');
  await inv.goto(`${base}/#/cases/${KRI_CASE}`);
  await inv.waitForSelector('#network-title');
  // Two identifiers from the form: one for the suspect, one for the case.
  const addButton = `#network-title ~ p button:text("${en['links.add']}")`;
  await inv.click(addButton);
  await inv.selectOption('#lf-kind', 'phone');
  await inv.fill('#lf-value', '0750 CALL ME');
  await inv.click('form.links-form button[type=submit]');
  await inv.waitForSelector('form.links-form [role=alert]');
  assert.match(await inv.textContent('form.links-form [role=alert]'),
               /value/);
  await inv.fill('#lf-value', '0750 222 3344');
  const suspect = await inv.$$eval('#lf-person option', os =>
    os.map(o => o.value).filter(Boolean));
  await inv.selectOption('#lf-person', suspect[suspect.length - 1]);
  await inv.fill('#lf-note', 'Written on the salon\'s receipt');
  await inv.click('form.links-form button[type=submit]');
  await inv.waitForSelector('#network-title ~ .links-work [role=status]');
  await inv.click(addButton);
  await inv.selectOption('#lf-kind', 'vehicle');
  await inv.fill('#lf-value', 'Erbil 44 D 90210');
  await inv.click('form.links-form button[type=submit]');
  await inv.waitForSelector('table.links tr:has-text("erbil44d90210")');
  // Call records, imported with the command line.
  const csv = path.join(dir, 'calls.csv');
  fs.writeFileSync(csv, 'caller,callee,time,duration\n' +
    '0750 222 3344,0770 999 8877,2026-03-05T21:10:00+03:00,310\n' +
    '0770 999 8877,0750 222 3344,2026-03-06T09:00:00Z,45\n');
  assert.match(run('links', 'import-calls', KRI_CASE, csv, '--as',
                   INVESTIGATOR.username), /2 calls/);
  await inv.reload();
  await inv.waitForSelector('svg.network-graph .node.start');
  const nodes = await inv.$$eval('svg.network-graph .node', gs =>
    gs.map(g => g.dataset.id));
  assert.ok(nodes.includes(`case:${KRI_CASE}`));
  const called = await inv.$$eval('svg.network-graph .node-identifier',
    gs => gs.map(g => g.getAttribute('aria-label')));
  assert.ok(called.some(l => l.includes('+9647709998877')), called.join());
  assert.ok(await inv.$('svg.network-graph .edge-call'));
  await shot(inv, 'network-en');
  // Clicking a node focuses it and what it is connected to.
  const phone = 'svg.network-graph .node[aria-label*="+9647502223344"]';
  await inv.click(phone);
  await inv.waitForSelector('.network-details strong');
  assert.match(await inv.textContent('.network-details'),
               /\+9647502223344/);
  assert.ok((await inv.$$('svg.network-graph .node.dim')).length > 0);
  assert.equal(await inv.$eval(phone, g => g.classList.contains('dim')),
               false);
  // The keyboard does the same, and the list says it all too.
  await inv.focus(`svg.network-graph .node[data-id="case:${KRI_CASE}"]`);
  await inv.keyboard.press('Enter');
  await inv.waitForFunction(ref => document.querySelector(
    `svg.network-graph .node[data-id="case:${ref}"]`).classList
    .contains('focus'), KRI_CASE);
  await inv.click(`details.network-as-list summary`);
  assert.match(await inv.textContent('ul.network-list'), /erbil44d90210/);
  // The picture zooms, moves and gives back the whole network; a node
  // dragged moves with its edges, and is not picked by the drag.
  const box = () => inv.$eval('svg.network-graph',
    g => g.getAttribute('viewBox').split(' ').map(Number));
  const whole = await box();
  await inv.click(`button:text("${en['links.zoom_in']}")`);
  const zoomed = await box();
  assert.ok(zoomed[2] < whole[2] * 0.9, `${zoomed} within ${whole}`);
  await inv.focus('svg.network-graph');
  await inv.keyboard.press('ArrowRight');
  assert.ok((await box())[0] > zoomed[0]);
  await inv.keyboard.press('0');
  assert.deepEqual(await box(), whole);
  const frame = await inv.$eval('svg.network-graph', g => {
    const r = g.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height };
  });
  await inv.mouse.move(frame.x + 8, frame.y + 8);
  await inv.mouse.down();
  await inv.mouse.move(frame.x + 60, frame.y + 48, { steps: 5 });
  await inv.mouse.up();
  assert.ok((await box())[0] < whole[0], 'dragged to the right');
  await inv.click(`button:text("${en['links.zoom_fit']}")`);
  const moved = `svg.network-graph .node[aria-label*="erbil44d90210"]`;
  const before = await inv.$eval(moved, g => g.getAttribute('transform'));
  const spot = await inv.$eval(moved, g => {
    const r = g.querySelector('circle').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2,
             id: g.dataset.id };
  });
  const edgeOf = id => inv.$eval('svg.network-graph', (g, id) => {
    const e = g.querySelector(`.edge[data-from="${id}"] line, ` +
                              `.edge[data-to="${id}"] line`);
    return ['x1', 'y1', 'x2', 'y2'].map(a => e.getAttribute(a)).join();
  }, id);
  const edgeBefore = await edgeOf(spot.id);
  const focused = await inv.textContent('.network-details');
  await inv.mouse.move(spot.x, spot.y);
  await inv.mouse.down();
  await inv.mouse.move(spot.x + 40, spot.y + 30, { steps: 5 });
  await inv.mouse.up();
  assert.notEqual(await inv.$eval(moved, g => g.getAttribute('transform')),
                  before);
  assert.notEqual(await edgeOf(spot.id), edgeBefore);
  assert.equal(await inv.textContent('.network-details'), focused);
  // The GraphML export downloads.
  const [download] = await Promise.all([
    inv.waitForEvent('download'),
    inv.click(`button:text("${en['links.graphml']}")`),
  ]);
  assert.match(download.suggestedFilename(), /\.graphml$/);
  const file = await download.path();
  assert.match(fs.readFileSync(file, 'utf8'), /<graphml/);
  assert.deepEqual(inv.problems.filter(p => !p.includes('status of 401')),
                   ['Failed to load resource: the server responded with ' +
                    'a status of 422 (Unprocessable Content)']);
  await inv.context().close();
  // Another agency sees none of it.
  const other = await openPage('en-GB');
  await login(other, OTHER_AGENCY);
  await other.waitForSelector('a.who');
  const status = await other.evaluate(async ref => (await fetch(
    `/api/v1/links/network?case=${encodeURIComponent(ref)}`)).status,
    KRI_CASE);
  assert.equal(status, 404);
  await other.context().close();
});

// The pairs the duplicates page lists, in its order ("1-11").
async function pairsShown(page) {
  return page.$$eval('section.pair', ss => ss.map(s => s.dataset.pair));
}

// The merge or distinct form of pair, its reason filled, sent.
async function sendPairForm(pair, cls, reason) {
  const form = pair.locator(`form.${cls}`);
  await form.locator('textarea[name=reason]').fill(reason);
  await form.locator('button[type=submit]').click();
}

// These change the demo store for good (2 and 12 are two people from
// then on), so they come last; the merge of 1 and 11 is undone.
test('duplicate persons: the evidence, a merge undone from the person\'s page, two people kept apart',
     async () => {
  const en = LOCALES.en;
  const sup = await openPage('en-GB');
  await login(sup, SUPERVISOR);
  await sup.click('a.nav[href="#/duplicates"]');
  await sup.waitForSelector('section.pair[data-pair="1-11"]');
  // The likeliest first, as the server weighs them.
  const listed = await apiCall(sup, 'GET',
                               '/persons/duplicates?min_score=0.5&limit=50');
  assert.equal(listed.status, 200);
  assert.deepEqual(await pairsShown(sup), listed.json.items.map(p =>
    `${p.a.id}-${p.b.id}`));
  assert.ok((await pairsShown(sup)).includes('2-12'));
  assert.match(await sup.textContent('.dup-summary'),
               new RegExp(`^Up to ${listed.json.may_reach} pairs may reach`));
  // Both records side by side, and the phone they share, for one person:
  // a sign and a word say so, not only the colour.
  const pair = sup.locator('section.pair[data-pair="1-11"]');
  assert.match(await pair.locator('[data-person="1"] h3').innerText(),
               /نور سالم/);
  assert.equal(await pair.locator('[data-person="1"] h3 a')
    .getAttribute('dir'), 'auto');
  assert.match(await pair.locator('[data-person="11"] h3').innerText(),
               /Noor Salem Al-Hasnawi/);
  const phone = pair.locator('table.evidence tbody tr',
                             { hasText: en['evidence.phone'] });
  assert.match(await phone.innerText(), /0750 000 0101/);
  assert.equal(await phone.locator('td bdi').first().getAttribute('dir'),
               'ltr');
  assert.match(await phone.locator('.weight').innerText(),
               new RegExp(`^\\+\\d+\\.\\d ${en['dup.for']}$`));
  await shot(sup, 'duplicates-en');

  // 11 merged into 1, with a reason: the browser asks for one first.
  await pair.locator('[data-person="1"] button.keep').click();
  const form = pair.locator('form.merge-form');
  assert.equal(await sup.evaluate(() => document.activeElement.name),
               'reason');
  await form.locator('button[type=submit]').click();
  assert.equal(await form.locator('textarea:invalid').count(), 1);
  await shot(sup, 'duplicates-merge-form-en');
  await sendPairForm(pair, 'merge-form', 'One phone, one birth year: her ' +
                     'name taken down in Latin letters at the border post');
  await sup.waitForSelector('.dup-status p');
  assert.equal(await sup.textContent('.dup-status[role=status]'),
               en['dup.merged'].replace('{other}', '11')
                 .replace('{keep}', '1'));
  await sup.waitForFunction(() =>
    !document.querySelector('section.pair[data-pair="1-11"]'));
  assert.ok((await pairsShown(sup)).includes('2-12'));

  // The record merged away says so, and where it went.
  await sup.goto(`${base}/#/persons/11`);
  await sup.waitForSelector('.merged-into');
  assert.equal(await sup.textContent('.merged-into strong'),
               en['merge.merged_into'].replace('{id}', '1'));
  assert.equal(await sup.getAttribute('.merged-into strong a', 'href'),
               '#/persons/1');
  // A year, not a number: no thousands separator.
  assert.ok((await sup.locator('#identity-title + dl').innerText())
    .includes('1999'));
  await shot(sup, 'person-merged-away-en');
  // The kept one lists it, reads with its names, and shows the merge.
  await sup.click('.merged-into strong a');
  await sup.waitForSelector('#merged-from-title');
  assert.equal(await sup.getAttribute('section.merged-from li a', 'href'),
               '#/persons/11');
  const names = await sup.locator('section[aria-labelledby=names-title] li')
    .allInnerTexts();
  assert.ok(names.some(n => n.includes('Noor Salem Al-Hasnawi') &&
                       n.includes(en['name_kind.alias'])), names.join());
  await sup.waitForSelector('ul.merge-history li.live');
  assert.match(await sup.textContent('ul.merge-history li.live'),
               /border post/);
  await shot(sup, 'person-merged-en');
  // Undone from there, with a reason.
  await sup.click(`ul.merge-history li.live button:text("${
    en['merge.undo']}")`);
  assert.equal(await sup.evaluate(() => document.activeElement.name),
               'reason');
  await sup.fill('ul.merge-history textarea[name=reason]',
                 'Her brother says the Latin record is his cousin');
  await sup.click('ul.merge-history button[type=submit]');
  await sup.waitForSelector('main .message[role=status]');
  assert.equal(await sup.textContent('main .message[role=status]'),
               en['merge.undone_done'].replace('{other}', '11')
                 .replace('{keep}', '1'));
  assert.equal(await sup.locator('#merged-from-title').count(), 0);
  await sup.waitForSelector('ul.merge-history li.undone');
  assert.equal(await sup.locator('ul.merge-history button').count(), 0);
  const eleven = await apiCall(sup, 'GET', '/persons/11');
  assert.equal(eleven.json.merged_into, null);

  // The pair is proposed again; in Arabic, right to left, all translated.
  await sup.goto(`${base}/#/duplicates`);
  await sup.waitForSelector('section.pair[data-pair="1-11"]');
  try {
    await sup.selectOption('#language-picker', 'ar');
    await sup.waitForFunction(() => document.documentElement.lang === 'ar' &&
      document.querySelector('section.pair[data-pair="2-12"]'));
    assert.equal(await sup.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await sup.textContent('h1'), LOCALES.ar['dup.title']);
    const ar = sup.locator('section.pair[data-pair="2-12"]');
    await ar.locator('button.distinct').click();
    await ar.locator('form.distinct-form').waitFor();
    assert.equal(await ar.locator('.weight .bits').first()
      .getAttribute('dir'), 'ltr');
    assert.ok((await ar.locator('table.evidence').innerText()).includes(
      LOCALES.ar['evidence.name']));
    await assertTranslated(sup, 'ar');
    await shot(sup, 'duplicates-ar');
    // A narrow screen: the two records one above the other.
    await sup.setViewportSize({ width: 380, height: 800 });
    const [x1, x2] = await ar.locator('.record').evaluateAll(rs =>
      rs.map(r => r.getBoundingClientRect().x));
    assert.equal(x1, x2);
    assert.ok(await sup.evaluate(() =>
      document.documentElement.scrollWidth <= window.innerWidth + 1));
    await shot(sup, 'duplicates-narrow-ar');
    await sup.setViewportSize({ width: 1200, height: 800 });
  } finally {
    await forgetLanguage(sup);
  }
  await sup.reload();
  await sup.waitForSelector('section.pair[data-pair="2-12"]');

  // 2 and 12 are two people: not proposed again.
  const other = sup.locator('section.pair[data-pair="2-12"]');
  await other.locator('button.distinct').click();
  await sendPairForm(other, 'distinct-form', 'Different fathers on their ' +
                     'identity cards, seen by the case worker');
  await sup.waitForSelector('.dup-status p');
  assert.equal(await sup.textContent('.dup-status[role=status]'),
               en['dup.distinct_done'].replace('{a}', '2')
                 .replace('{b}', '12'));
  await sup.waitForFunction(() =>
    !document.querySelector('section.pair[data-pair="2-12"]'));
  assert.ok((await pairsShown(sup)).includes('1-11'));
  assert.deepEqual(sup.problems, []);
  await sup.context().close();

  // An investigator has no such page, nor the link to it.
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('a.who');
  assert.equal(await inv.locator('a.nav[href="#/duplicates"]').count(), 0);
  await inv.goto(`${base}/#/duplicates`);
  await inv.waitForSelector('main [role=alert]');
  assert.equal(await inv.textContent('main [role=alert]'),
               en['dup.not_allowed']);
  assert.equal(await inv.locator('section.pair').count(), 0);
  const refused = await apiCall(inv, 'GET', '/persons/duplicates');
  assert.equal(refused.status, 403);
  await inv.context().close();
});

test('merging two persons who hold a victim\'s and a suspect\'s role in one case asks first',
     async () => {
  const en = LOCALES.en;
  const sup = await openPage('en-GB');
  await login(sup, SUPERVISOR);
  await sup.waitForSelector('a.who');
  const opened = await apiCall(sup, 'POST', '/cases',
                               { title: 'Two records of one man' });
  assert.equal(opened.status, 201);
  const ref = opened.json.ref;
  const ids = [];
  for (const role of ['victim', 'suspect']) {
    const p = await apiCall(sup, 'POST', '/persons', {
      given: 'Zoltan', family: 'Qarawi-Brennick', sex: 'male', born: '1990',
      contacts: [{ kind: 'phone', value: '0750 123 9876' }] });
    assert.equal(p.status, 201);
    ids.push(p.json.id);
    const added = await apiCall(sup, 'POST',
      `/cases/${encodeURIComponent(ref)}/people`,
      { person_id: p.json.id, role });
    assert.equal(added.status, 201);
  }
  const [victim, suspect] = ids;
  await sup.goto(`${base}/#/duplicates`);
  const pair = sup.locator(`section.pair[data-pair="${victim}-${suspect}"]`);
  await pair.waitFor();
  await pair.locator(`[data-person="${victim}"] button.keep`).click();
  await sendPairForm(pair, 'merge-form', 'The same phone and name');
  // The conflict, plainly: the case and both roles.
  const box = pair.locator('.conflicts[role=alert]');
  await box.waitFor();
  const said = await box.innerText();
  assert.ok(said.includes(ref), said);
  assert.ok(said.includes(en['case_role.victim']) &&
            said.includes(en['case_role.suspect']), said);
  assert.equal(await sup.evaluate(() => document.activeElement.name),
               'confirm');
  const submit = pair.locator('form.merge-form button[type=submit]');
  assert.equal(await submit.innerText(), en['dup.merge_anyway']);
  await shot(sup, 'duplicates-conflict-en');
  // Not without ticking the box: nothing merged yet.
  await submit.click();
  assert.equal(await box.locator('input[name=confirm]:invalid').count(), 1);
  assert.equal((await apiCall(sup, 'GET', `/persons/${suspect}`)).json
    .merged_into, null);
  await box.locator('input[name=confirm]').check();
  await submit.click();
  await sup.waitForSelector('.dup-status p');
  assert.equal((await apiCall(sup, 'GET', `/persons/${suspect}`)).json
    .merged_into, victim);
  await sup.goto(`${base}/#/persons/${victim}`);
  await sup.waitForSelector('ul.merge-history li.live');
  assert.match(await sup.textContent('ul.merge-history li.live'),
               new RegExp(`${ref}: victim and suspect`));
  // The refusal the page expected is the only error the browser saw.
  assert.deepEqual(sup.problems, ['Failed to load resource: the server ' +
    'responded with a status of 409 (Conflict)']);
  await sup.context().close();
});

test('the dashboard: charts and tables of the figures, small counts marked, a filter, in Arabic',
     async () => {
  const en = LOCALES.en;
  const page = await openPage('en-GB');
  await login(page, SUPERVISOR);
  await page.waitForSelector('a.who');
  await page.click('a.nav[href="#/dashboard"]');
  // The programme's charts may come first: wait for the case figures'.
  await page.waitForSelector('#stats-status p.scope');
  await page.waitForSelector('.stats-tables section.stats-table svg.chart');
  assert.equal(await page.textContent('h1'), en['stats.title']);
  assert.ok((await page.textContent('#stats-status')).includes(
    en['stats.scope_all']));
  // Every count is a number, or a suppressed one drawn as an outline and
  // marked "<5", in the chart and in its table, never a number.
  const marks = await page.evaluate(() => [...document.querySelectorAll(
    'svg.chart g.row')].map(g => [g.classList.contains('suppressed'),
      g.querySelector('.value').textContent,
      g.querySelector('rect').classList.contains('hidden-count')]));
  assert.ok(marks.length > 10);
  for (const [hidden, value, outline] of marks) {
    if (hidden) assert.deepEqual([value, outline], ['<5', true]);
    else assert.match(value, /^[0-9,]+$/);
  }
  const sex = page.locator('section[data-table="victims:sex"]');
  assert.equal(await sex.locator('h2').textContent(), 'Victims by sex');
  assert.equal(await sex.locator('svg.chart').getAttribute('role'), 'img');
  await sex.locator('details summary').click();
  assert.equal(await sex.locator('table.stats-data tbody tr').count(),
               await sex.locator('svg.chart g.row').count());
  assert.equal(await sex.locator('table.stats-data tbody tr.suppressed')
    .count(), await sex.locator('svg.chart g.row.suppressed').count());
  // SOP steps count an agency's work, not people: shown whole.
  const steps = page.locator(
    'section[data-table="sop_steps:agency,step_outcome"]');
  assert.ok(await steps.locator('svg.chart g.row').count() > 0);
  assert.equal(await steps.locator('svg.chart g.row.suppressed').count(), 0);
  await shot(page, 'dashboard-en');
  // One agency's cases: the demo's smuggling route is among its figures.
  await page.fill('#stats-agency', 'IQ-MOI');
  await page.click('#stats-filters button[type=submit]');
  await page.waitForFunction(() => /agency=IQ-MOI/.test(location.hash) &&
    /IQ-MOI/.test(document.querySelector('#stats-status')?.textContent));
  // Its two migrants on that route: too few to show.
  const routeRow = page.locator('section[data-table=' +
    '"smuggled_migrants:route"] svg.chart g.row[data-values="AF \u2192 ' +
    'IR \u2192 IQ"]');
  await routeRow.waitFor();
  assert.equal(await routeRow.getAttribute('class'), 'row suppressed');
  assert.equal(await routeRow.locator('.value').textContent(), '<5');
  // A threshold below the store's is refused, and says which field.
  await page.fill('#stats-min_cell', '2');
  await page.click('#stats-filters button[type=submit]');
  const refused = page.locator('#stats-status .message.error[role=alert]');
  await refused.waitFor();
  assert.match(await refused.textContent(), /min_cell/);
  await page.evaluate(() => { location.hash = '#/dashboard?agency=IQ-MOI'; });
  await page.waitForSelector('section[data-table="smuggled_migrants:route"]');
  try {
    await page.selectOption('#language-picker', 'ar');
    await page.waitForFunction(() => document.documentElement.lang === 'ar' &&
      document.querySelector('section.stats-table svg.chart'));
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.textContent('h1'), LOCALES.ar['stats.title']);
    assert.equal(await routeRow.locator('.value').textContent(),
                 LOCALES.ar['stats.below'].replace('{n}', '٥'));
    // The chart mirrors: the labels on the right of their bars.
    const [label, bar] = await page.evaluate(() => {
      const row = document.querySelector(
        'section[data-table="smuggled_migrants:route"] svg.chart g.row');
      return [row.querySelector('.label').getBoundingClientRect().x,
              row.querySelector('rect').getBoundingClientRect().x];
    });
    assert.ok(label > bar, `label at ${label}, bar at ${bar}`);
    await assertTranslated(page, 'ar');
    await shot(page, 'dashboard-ar');
  } finally {
    await forgetLanguage(page);
  }
  // The refusal the page expected is the only error the browser saw.
  assert.equal(page.problems.length, 1, page.problems.join('\n'));
  assert.match(page.problems[0], /status of 422/);
  await page.context().close();
});

test('a smuggling case\'s route: shown on the case page, changed, refused when wrong',
     async () => {
  const en = LOCALES.en;
  const page = await openPage('en-GB');
  await login(page, OTHER_AGENCY);
  await page.waitForSelector('a.who');
  await page.goto(`${base}/#/cases/IQ-MOI-2026-000001`);
  const dd = page.locator('dd.route-edit');
  await dd.waitFor();
  assert.equal(await dd.locator('bdi.route').textContent(),
               'AF \u2192 IR \u2192 IQ');
  const setRoute = async text => {
    await dd.locator('button', { hasText: en['route.change'] }).click();
    await page.fill('#route-countries', text);
    await page.click('form.route-form button[type=submit]');
  };
  await setRoute('af zz');
  await page.locator('form.route-form [role=alert]').waitFor();
  assert.match(await page.textContent('form.route-form [role=alert]'),
               /"zz" is not a country code/);
  await page.fill('#route-countries', 'AF IR TR IQ');
  await page.click('form.route-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector(
    'dd.route-edit bdi.route')?.textContent === 'AF \u2192 IR \u2192 TR \u2192 IQ');
  // Back as the demo has it, for whoever reads it next.
  await setRoute('AF IR IQ');
  await page.waitForFunction(() => document.querySelector(
    'dd.route-edit bdi.route')?.textContent === 'AF \u2192 IR \u2192 IQ');
  assert.equal(page.problems.length, 1, page.problems.join('\n'));
  assert.match(page.problems[0], /status of 422/);
  await page.context().close();
});

// A training store (tipsom train sandbox) served on its own port, with
// the accounts and passwords the sandbox printed.
async function trainingServer() {
  if (training) return training;
  const db = path.join(dir, 'training.db');
  const r = spawnSync(TIPSOM, ['train', 'sandbox', '--db', `sqlite:${db}`,
                               '--trainees', '3', '--json'],
                      { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`train sandbox failed: ${r.stderr}`);
  const accounts = Object.fromEntries(JSON.parse(r.stdout).accounts.map(
    a => [a.username, { username: a.username, password: a.password }]));
  const port = await freePort();
  const proc = spawn(TIPSOM, ['serve', '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, TIPSOM_DB: `sqlite:${db}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  proc.stderrText = '';
  proc.stderr.on('data', d => { proc.stderrText += d; });
  training = { server: proc, base: `http://127.0.0.1:${port}`, accounts };
  await waitForServer(`${training.base}/`, proc);
  return training;
}

test('a trainee\'s exercise: the TRAINING banner, the story, a step done on the case and the feedback at once', async () => {
  const tr = await trainingServer();
  for (const [locale, code] of [['en-GB', 'en'], ['ar-IQ', 'ar'],
                                ['ckb', 'ckb']]) {
    const page = await openPage(locale, tr.base);
    await page.waitForSelector('.training-banner');
    assert.match(await page.textContent('.training-banner'),
                 new RegExp(LOCALES[code]['training.banner_title']));
    if (code !== 'en') await shot(page, `training-login-${code}`);
    await page.context().close();
  }
  // The demo store says nothing of training.
  const real = await openPage('en-GB');
  await real.waitForSelector('#login-username');
  assert.equal(await real.locator('.training-banner').count(), 0);
  await real.context().close();

  const en = LOCALES.en;
  const page = await openPage('en-GB', tr.base);
  await login(page, tr.accounts.trainee01);
  await page.waitForSelector('#studies-title');
  assert.equal(await page.locator('.training-banner').count(), 1);
  const study = page.locator('ul.studies li', { hasText: 'false job offer' });
  await study.locator(`button:text("${en['training.start']}")`).click();
  await page.waitForSelector('#story-title');
  assert.ok((await page.textContent('.story')).length > 100);
  assert.ok(await page.locator('article.discovery').count() >= 1);
  const before = await page.locator('.score span').first().innerText();
  assert.match(before, /^0 of \d+ points/);
  await shot(page, 'training-exercise');
  // The case, worked on the ordinary case page, with the exercise beside.
  await page.click(`a:text("${en['training.work_case']}")`);
  await page.waitForSelector('#exercise-panel');
  const step = page.locator('#step-ensure_immediate_safety');
  await step.locator(`button:text("${en['step.do']}")`).click();
  await page.click(`button:text("${en['step.confirm_done']}")`);
  await page.waitForSelector('#step-ensure_immediate_safety.done');
  await page.waitForSelector('#exercise-panel');
  // Trying a step before it is ready is refused, and is feedback.
  const res = await page.evaluate(async ref => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/cases/${ref}/steps/refer_to_assistance`,
      { method: 'POST', headers: { 'Content-Type': 'application/json',
        'X-CSRF-Token': s.csrf }, body: JSON.stringify({ action: 'done' }) });
    return r.status;
  }, decodeURIComponent(page.url().split('#/cases/')[1]));
  assert.equal(res, 409);
  await page.reload();
  await page.waitForSelector('#exercise-panel li.feedback.item-broken');
  assert.match(await page.locator('#exercise-panel li.item-broken')
    .first().innerText(), new RegExp(en['training.state.broken']));
  await shot(page, 'training-case-panel');
  await page.click(`a:text("${en['training.open_exercise']}")`);
  await page.waitForSelector('#feedback-title');
  await assertTranslated(page, 'en');
  assert.equal(page.problems.length, 1, page.problems.join('\n'));
  assert.match(page.problems[0], /status of 409/);
  await page.context().close();
});

test('a trainer\'s live view: a group made, trainees join, their steps appear by themselves', async () => {
  const tr = await trainingServer();
  const en = LOCALES.en;
  const trainer = await openPage('en-GB', tr.base);
  await login(trainer, tr.accounts.trainer);
  await trainer.waitForSelector('#groups-title');
  const study = trainer.locator('ul.studies li', { hasText: 'begging' });
  await study.locator(`button:text("${en['training.make_group']}")`).click();
  await trainer.fill('#group-title', 'Erbil ToT, day 2');
  await trainer.click('#group-form button[type=submit]');
  await trainer.waitForSelector('#group-live');
  const id = trainer.url().match(/groups\/(\d+)/)[1];
  assert.match(await trainer.locator('#group-live').innerText(),
               new RegExp(en['training.no_members']));
  // Two trainees join by the group's number, in Arabic and in English.
  const joins = [];
  for (const [name, locale] of [['trainee02', 'ar-IQ'],
                                ['trainee03', 'en-GB']]) {
    const p = await openPage(locale, tr.base);
    await login(p, tr.accounts[name]);
    await p.waitForSelector('#join-group-number');
    await p.fill('#join-group-number', id);
    await p.click('#join-group button[type=submit]');
    await p.waitForSelector('#story-title');
    joins.push(p);
  }
  // The trainer's page shows them without being reloaded.
  await trainer.waitForFunction(() => document.querySelectorAll(
    '#group-live table.members tbody tr').length === 2, null,
    { timeout: 20000 });
  const p = joins[1];
  await p.click(`a:text("${en['training.work_case']}")`);
  const step = p.locator('#step-ensure_immediate_safety');
  await step.locator(`button:text("${en['step.do']}")`).click();
  await p.click(`button:text("${en['step.confirm_done']}")`);
  await p.waitForSelector('#step-ensure_immediate_safety.done');
  await trainer.waitForFunction(() => [...document.querySelectorAll(
    '#group-live table.members tbody tr')].some(tr =>
    tr.innerText.includes('immediate safety')), null,
    { timeout: 20000 });
  await shot(trainer, 'training-group-live');
  await assertTranslated(joins[0], 'ar');
  for (const page of [trainer, ...joins]) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

// The trainer's programme page: a button or link of one participant's row.
function participantRow(page, table, name) {
  return page.locator(`${table} tbody tr`, { hasText: name });
}

// Finds name with the participant search id (trainer, enrol) and clicks
// the button it offers.
async function pickParticipant(page, id, name, label) {
  await page.fill(`#${id}-q`, name);
  await page.press(`#${id}-q`, 'Enter');
  const row = participantRow(page, `#${id}-found table`, name);
  await row.locator(`button:text("${label}")`).click();
}

// A session added on a course's page, with its trainer; its number.
async function addSession(page, course, session) {
  const en = LOCALES.en;
  await page.goto(`${base}/#/programme/courses/${course}`);
  await page.waitForSelector('#session-form');
  await page.fill('#session-starts', session.from);
  if (session.to) await page.fill('#session-ends', session.to);
  await page.fill('#session-place', session.place);
  await page.fill('#session-region', session.region);
  await pickParticipant(page, 'trainer', session.trainer,
                        en['programme.trainer_choose']);
  await page.waitForSelector(`#session-trainers li:has-text("${
    session.trainer}")`);
  await page.click('#session-form > button[type=submit]');
  await page.waitForFunction(() => /^#\/programme\/sessions\/\d+$/.test(
    location.hash) && document.querySelector('table.enrolled, ' +
    '#enrolled-title'));
  return page.url().match(/sessions\/(\d+)$/)[1];
}

// Days and scores typed into a participant's row, saved, and redrawn.
async function record(page, name, days, pre, post) {
  const row = participantRow(page, 'table.enrolled', name);
  await row.locator('input[name=days_attended]').fill(String(days));
  await row.locator('input[name=pre_score]').fill(String(pre));
  await row.locator('input[name=post_score]').fill(String(post));
  await row.locator('button.save').click();
  await page.waitForFunction(([n, gain]) => [...document.querySelectorAll(
    'table.enrolled tbody tr')].some(tr => tr.innerText.includes(n) &&
    tr.querySelector('td.gain').textContent === gain),
    [name, `+${post - pre}`]);
}

test('a trainer\'s programme: a ToT course, its session, scores, a certificate printed and verified, and the cascade it started', async () => {
  const en = LOCALES.en;
  const page = await openPage('en-GB');
  await login(page, TRAINER);
  // A trainer's home in a real store is the programme.
  await page.waitForSelector('#courses-title');
  assert.equal(await page.textContent('h1'), en['programme.title']);
  assert.equal(await page.locator('a.nav[href="#/programme"]').count(), 1);
  assert.equal(await page.locator('a.nav[href="#/dashboard"]').count(), 1);
  // Two courses: the training of trainers, and the one its trainees give.
  const addCourse = async (code, title, hours, tot, modules) => {
    await page.goto(`${base}/#/programme`);
    await page.click(`button:text("${en['programme.add_course']}")`);
    await page.fill('#course-code', code);
    await page.fill('#course-title', title);
    await page.fill('#course-hours', String(hours));
    if (tot) await page.check('#course-tot');
    await page.fill('#course-curriculum', 'Indicators of trafficking, ' +
      'screening, referral with consent, and how to teach them.');
    for (const [i, [name, h]] of modules.entries()) {
      if (i > 0) {
        await page.click(`button:text("${en['programme.module_add']}")`);
      }
      await page.fill(`#module-title-${i + 1}`, name);
      await page.fill(`#module-hours-${i + 1}`, String(h));
    }
    await page.click('#course-form > button[type=submit]');
    await page.waitForFunction(t => document.querySelector('h1')
      ?.textContent === t, title);
  };
  await addCourse('tot-tip-1', 'Identifying victims: training of trainers',
    30, true, [['The law on trafficking', 10], ['Screening and referral', 12],
               ['Teaching adults', 8]]);
  assert.match(page.url(), /#\/programme\/courses\/TOT-TIP-1$/);
  assert.equal(await page.locator('table.modules tbody tr').count(), 3);
  assert.equal(await page.textContent('table.modules tfoot td'), '30');
  await addCourse('TIP-BASIC-1', 'Identifying victims: first responders', 12,
    false, [['Indicators', 6]]);
  // Four officers and staff of three agencies.
  await page.goto(`${base}/#/programme`);
  await page.waitForSelector('#participant-form');
  const people = [
    ['Hawre Mahmoud', 'Police Training Institute', 'Senior trainer', 'male',
     'Erbil'],
    ['Avin Kareem', 'KRI Ministry of Interior', 'Investigator', 'female',
     'Erbil'],
    ['Omar Saleh', 'Iraqi Ministry of Interior', 'Border officer', 'male',
     'Baghdad'],
    ['Lana Aziz', 'Shelter of Duhok', 'Caseworker', 'female', 'Duhok']];
  for (const [name, organisation, job, sex, region] of people) {
    await page.fill('#participant-name', name);
    await page.fill('#participant-organisation', organisation);
    await page.fill('#participant-job', job);
    await page.selectOption('#participant-sex', sex);
    await page.fill('#participant-region', region);
    await page.click('#participant-form button[type=submit]');
    await page.waitForFunction(n => document.querySelector(
      '#participant-form + div [role=status]')?.textContent.includes(n),
      name);
  }
  // Found by organisation.
  await page.fill('#participants-q', 'ministry of interior');
  await page.press('#participants-q', 'Enter');
  await page.waitForSelector('#participants-found table');
  assert.deepEqual(await page.locator('#participants-found tbody tr ' +
    'td:first-child').allTextContents(), ['Avin Kareem', 'Omar Saleh']);
  await shot(page, 'programme-home');

  // The ToT session, given by Hawre, five days.
  const tot = await addSession(page, 'TOT-TIP-1', { from: '2026-03-01',
    to: '2026-03-05', place: 'Erbil Police Academy', region: 'Erbil',
    trainer: 'Hawre Mahmoud' });
  for (const name of ['Avin Kareem', 'Omar Saleh']) {
    await pickParticipant(page, 'enrol', name, en['programme.enrol']);
    await participantRow(page, 'table.enrolled', name).waitFor();
  }
  // Its trainer is not offered as a participant.
  await page.fill('#enrol-q', 'Hawre');
  await page.press('#enrol-q', 'Enter');
  await page.waitForFunction(text => document.querySelector(
    '#enrol-found tbody tr')?.innerText.includes(text),
    en['programme.is_trainer']);
  await record(page, 'Avin Kareem', 5, 40, 85);
  await record(page, 'Omar Saleh', 3, 50, 60);
  assert.equal(await page.locator('#tests-title + dl .gain').textContent(),
               '+27.5');
  // Three days of five is below 80%: the button says why it is off.
  const omar = participantRow(page, 'table.enrolled', 'Omar Saleh');
  assert.equal(await omar.locator('button.issue').isDisabled(), true);
  assert.equal(await omar.locator('td:last-child .hint').textContent(),
    'Attended 3 of 5 days: a certificate needs 4 (80%).');
  const avin = participantRow(page, 'table.enrolled', 'Avin Kareem');
  await avin.locator('button.issue').click();
  await avin.locator('a.certificate-link').waitFor();
  const code = await avin.locator('a.certificate-link').textContent();
  assert.match(code, /^TRN-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  assert.match(await page.textContent('#session-status'),
               new RegExp(`Certificate ${code} issued to Avin Kareem`));
  // An issued certificate keeps its attendance.
  assert.equal(await avin.locator('input[name=days_attended]').isDisabled(),
               true);
  await shot(page, 'programme-session');

  // The certificate, and its print: the certificate alone, on one page.
  await avin.locator('a.certificate-link').click();
  await page.waitForSelector('article.certificate');
  assert.equal(await page.textContent('.certificate .holder'), 'Avin Kareem');
  assert.equal(await page.textContent('.certificate .course'),
               'Identifying victims: training of trainers');
  assert.equal(await page.textContent('.certificate .details'),
               '30 hours · 1 Mar 2026 to 5 Mar 2026 · Erbil Police Academy');
  assert.equal(await page.textContent('.certificate .code'), code);
  assert.equal(await page.textContent('.certificate .address'),
               `${base}/#/verify/${code}`);
  await shot(page, 'programme-certificate');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.bar, .certificate-actions')
    .evaluateAll(els => els.filter(e => e.offsetParent !== null).length), 0);
  assert.equal(await page.locator('article.certificate').isVisible(), true);
  const pdf = await page.pdf({ path: path.join(SHOTS,
    'programme-certificate.pdf'), preferCSSPageSize: true });
  assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g).length, 1);
  await page.emulateMedia({ media: 'screen' });

  // Anyone checks it, without logging in, in small letters too.
  const anyone = await openPage('en-GB', base,
                                `/#/verify/${code.toLowerCase()}`);
  await anyone.waitForSelector('#verify-result .verified');
  assert.equal(await anyone.locator('#login-username').count(), 0);
  assert.equal(await anyone.locator('a.who').count(), 0);
  assert.equal(await anyone.textContent('#verify-result .holder'),
               'Avin Kareem');
  assert.equal(await anyone.textContent('#verify-result .course'),
               'Identifying victims: training of trainers');
  await shot(anyone, 'verify-en');
  await anyone.fill('#verify-code', 'TRN-AAAA-BBBB-CCCC');
  await anyone.click('#verify-form button[type=submit]');
  await anyone.waitForFunction(text => document.querySelector(
    '#verify-result [role=alert]')?.textContent === text,
    en['verify.none']);
  await anyone.selectOption('#language-picker', 'ar');
  await anyone.waitForFunction(() => document.documentElement.dir === 'rtl' &&
    document.querySelector('#verify-result [role=alert]'));
  assert.equal(await anyone.textContent('#verify-result [role=alert]'),
               LOCALES.ar['verify.none']);
  await assertTranslated(anyone, 'ar');
  await anyone.fill('#verify-code', code);
  await anyone.click('#verify-form button[type=submit]');
  await anyone.waitForSelector('#verify-result .verified');
  await shot(anyone, 'verify-ar');
  // Leaving the public page shows the login.
  await anyone.evaluate(() => { location.hash = '#/'; });
  await anyone.waitForSelector('#login-username');
  // The unknown code, asked in English and again in Arabic: the only
  // errors the browser saw.
  assert.deepEqual(anyone.problems, Array(2).fill('Failed to load ' +
    'resource: the server responded with a status of 404 (Not Found)'));
  await anyone.context().close();

  // Avin, trained at the ToT, gives the first-responders course: the
  // cascade's second generation.
  await addSession(page, 'TIP-BASIC-1', { from: '2026-04-12',
    to: '2026-04-13', place: 'Duhok Directorate', region: 'Duhok',
    trainer: 'Avin Kareem' });
  await pickParticipant(page, 'enrol', 'Lana Aziz', en['programme.enrol']);
  await participantRow(page, 'table.enrolled', 'Lana Aziz').waitFor();
  await record(page, 'Lana Aziz', 2, 30, 70);

  await page.goto(`${base}/#/programme/sessions/${tot}`);
  await page.click('a.cascade-link');
  await page.waitForSelector('svg.cascade-graph g.node[data-depth="2"]');
  const graph = page.locator('svg.cascade-graph');
  assert.equal(await graph.getAttribute('role'), 'img');
  assert.match(await graph.locator('title').first().textContent(),
               /^Cascade of trainers from TOT-TIP-1, 1 Mar 2026$/);
  assert.equal(await graph.locator('g.node').count(), 2);
  assert.deepEqual(await graph.locator('text.generation').allTextContents(),
                   ['Generation 1', 'Generation 2']);
  assert.equal(await graph.locator(`path.edge[data-from="${tot}"]`).count(),
               1);
  assert.match(await graph.locator('g.node[data-depth="2"]').textContent(),
               /TIP-BASIC-1 · 12 Apr 2026.*Duhok Directorate \(Duhok\).*Trainer: Avin Kareem/s);
  assert.match(await graph.locator('g.node.root').textContent(),
               /Trainer: Hawre Mahmoud/);
  // The same facts, in tables.
  const cells = async id => page.locator(`table[data-counts="${id}"] tr`)
    .evaluateAll(rows => rows.map(r => [...r.children].map(c =>
      c.textContent)));
  assert.deepEqual(await cells('reach-generation'), [
    ['Generation', 'Sessions', 'People trained'], ['1', '1', '2'],
    ['2', '1', '1'], ['Total', '2', '3']]);
  assert.deepEqual(await cells('reach-sex'), [['Sex', 'People trained'],
    ['Female', '2'], ['Male', '1'], ['Other', '0'], ['Not known', '0']]);
  assert.deepEqual((await cells('reach-organisation')).slice(1).sort(), [
    ['Iraqi Ministry of Interior', '1'], ['KRI Ministry of Interior', '1'],
    ['Shelter of Duhok', '1']]);
  assert.deepEqual((await cells('reach-region')).slice(1).sort(), [
    ['Baghdad', '1'], ['Duhok', '1'], ['Erbil', '1']]);
  assert.match(await page.locator('table.cascade-sessions tbody tr')
    .nth(1).innerText(), /Avin Kareem\s+TOT-TIP-1 · 1 Mar 2026/);
  assert.equal(await page.textContent('.cascade-summary'),
               '3 people trained, over 2 generations, in 2 sessions.');
  await assertTranslated(page, 'en');
  await shot(page, 'programme-cascade');
  try {
    // Right to left, the generations run from the right.
    await page.selectOption('#language-picker', 'ckb');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl' &&
      document.querySelector('svg.cascade-graph g.node[data-depth="2"]'));
    const [first, second] = await page.evaluate(() => [1, 2].map(d =>
      document.querySelector(`svg.cascade-graph g.node[data-depth="${d}"] ` +
        'rect').getBoundingClientRect().x));
    assert.ok(first > second, `generation 1 at ${first}, 2 at ${second}`);
    await assertTranslated(page, 'ckb');
    await shot(page, 'programme-cascade-ckb');
  } finally {
    await forgetLanguage(page);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the dashboard\'s training figures: in Arabic for an analyst, alone for a trainer', async () => {
  const ar = LOCALES.ar;
  const page = await openPage('ar-IQ');
  await login(page, ANALYST);
  await page.waitForSelector('#training-figures-title');
  let f = (await apiCall(page, 'GET', '/stats/training')).json;
  if (!f.sessions) {
    // Run on its own: one session of the programme, as the CLI makes it.
    const as = (...args) => run('--as', TRAINER.username, ...args);
    as('course', 'add', 'TOT-SEED-1', '--title', 'Seed', '--hours', '8',
       '--tot');
    const who = ['female', 'male'].map(sex => as('participant', 'add',
      '--name', `Seed ${sex}`, '--organisation', 'KRI MOI', '--job',
      'Officer', '--sex', sex, '--region', 'Erbil').match(/\d+/)[0]);
    const s = as('session', 'add', 'TOT-SEED-1', '--from', '2026-05-01',
      '--place', 'Erbil', '--region', 'Erbil', '--trainer', who[0])
      .match(/\d+/)[0];
    as('session', 'enrol', s, who[1]);
    as('session', 'record', s, who[1], '--days', '1', '--pre', '20',
       '--post', '50');
    f = (await apiCall(page, 'GET', '/stats/training')).json;
    await page.reload();
  }
  await page.waitForSelector('#training-figures .training-summary');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.textContent('#training-figures-title'),
               ar['stats.training.title']);
  // The figures, in the page's digits.
  const arabic = n => new Intl.NumberFormat('ar-IQ').format(n);
  const facts = await page.locator('.training-summary dd').allTextContents();
  assert.deepEqual(facts.slice(0, 4), [f.sessions, f.tot_sessions,
    f.participants, f.tested].map(arabic));
  assert.equal(facts[4], `+${new Intl.NumberFormat('ar-IQ', {
    minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    f.mean_gain)}`);
  assert.equal(facts[5], arabic(f.certificates));
  const sex = page.locator('section[data-table="training:sex"]');
  assert.equal(await sex.locator('svg.chart g.row').count(), 4);
  assert.equal(await sex.locator('svg.chart').getAttribute('role'), 'img');
  assert.equal(await sex.locator('h3').textContent(),
               ar['stats.training.by_sex']);
  const female = sex.locator('svg.chart g.row[data-values="female"]');
  assert.equal(await female.locator('.value').textContent(),
               arabic(f.by_sex.female));
  // Mirrored, like the other charts.
  const [label, bar] = await female.evaluate(g => [
    g.querySelector('.label').getBoundingClientRect().x,
    g.querySelector('rect').getBoundingClientRect().x]);
  assert.ok(label > bar, `label at ${label}, bar at ${bar}`);
  await sex.locator('details summary').click();
  assert.equal(await sex.locator('table.stats-data tbody tr').count(), 4);
  for (const dim of ['organisation', 'region']) {
    assert.equal(await page.locator(`section[data-table="training:${dim}"] ` +
      'svg.chart g.row').count(), Object.keys(f[`by_${dim}`]).length);
  }
  // Each training of trainers' reach, leading to its cascade.
  const reach = page.locator('#training-reach-title ~ details tbody tr');
  // Cascades hold one another: their reaches are not added up.
  assert.equal(await page.locator('#training-reach-title + p.total').count(),
               0);
  assert.equal(await reach.count(), f.cascades.length);
  assert.equal(await reach.first().locator('a').getAttribute('href'),
               `#/programme/sessions/${f.cascades[0].session}/cascade`);
  assert.equal(await reach.first().locator('td').first().textContent(),
               arabic(f.cascades[0].reach));
  await assertTranslated(page, 'ar');
  await shot(page, 'dashboard-training-ar');
  // The analyst reads the cascade too, without the trainers' names.
  await reach.first().locator('a').click();
  await page.waitForSelector('svg.cascade-graph g.node.root');
  assert.equal(await page.locator('table[data-counts="reach-generation"] ' +
    'tfoot td').last().textContent(), arabic(f.cascades[0].reach));
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A trainer's dashboard is the programme's figures alone.
  const trainer = await openPage('en-GB');
  await login(trainer, TRAINER);
  await trainer.waitForSelector('#courses-title');
  await trainer.click('a.nav[href="#/dashboard"]');
  await trainer.waitForSelector('#training-figures .training-summary');
  assert.equal(await trainer.locator('#stats-status, #stats-agency, ' +
    '#stats-by, #stats-min_cell').count(), 0);
  assert.equal(await trainer.locator('#stats-from, #stats-to').count(), 2);
  await shot(trainer, 'dashboard-training-trainer');
  assert.deepEqual(trainer.problems, []);
  await trainer.context().close();
});

test('a Migrant Resource Centre: a sheet printed in Dari, a counselling session kept de-identified, identity only with consent and a case, a follow-up made', async () => {
  const en = LOCALES.en;
  const page = await openPage('en-GB');
  await login(page, MRC_WORKER);
  // The demo's follow-up that fell due is on the counsellor's home page.
  const due = page.locator('section[aria-labelledby=home-due-title]');
  await due.waitFor();
  assert.match(await due.innerText(), /Shilan/);
  await page.click(`a.nav:text("${en['sheets.nav']}")`);
  await page.waitForSelector('ul.sheets li');
  await page.selectOption('#sheets-lang', 'prs');
  await page.selectOption('#sheets-topic', 'recruitment_fraud');
  await page.click(`form.filters button:text("${en['sheets.show']}")`);
  await page.waitForFunction(() => location.hash.includes('lang=prs'));
  await page.waitForFunction(() =>
    document.querySelectorAll('ul.sheets li').length === 1 &&
    document.querySelector('ul.sheets li').lang === 'prs');
  await page.click('ul.sheets li h2 a');
  const sheet = page.locator('article.sheet');
  await sheet.waitFor();
  assert.equal(await sheet.getAttribute('lang'), 'prs');
  assert.equal(await sheet.getAttribute('dir'), 'rtl');
  assert.match(await sheet.locator('h1').innerText(), /[\u0600-\u06ff]/);
  assert.ok(await sheet.locator('section li').count() >= 4);
  assert.equal(await page.locator(
    `button:text("${en['sheets.print']}")`).count(), 1);
  // Printed, the page is the sheet alone.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.bar').isVisible(), false);
  assert.equal(await page.locator('.sheet-actions').isVisible(), false);
  await shot(page, 'mrc-sheet-prs-print');
  await page.emulateMedia({ media: 'screen' });

  await page.click(`a.nav:text("${en['counselling.nav']}")`);
  await page.waitForSelector('#counselling-form');
  // The identity fields wait for consent.
  assert.equal(await page.locator('#counselling-full-name').isDisabled(),
               true);
  const today = new Date().toISOString().slice(0, 10);
  await page.fill('#counselling-pseudonym', 'Shilan');
  await page.selectOption('#counselling-situation', 'prospective_migrant');
  await page.selectOption('#counselling-sex', 'female');
  await page.selectOption('#counselling-age', 'adult');
  await page.fill('#counselling-destination', 'AE');
  await page.fill('#counselling-route', 'by air to Dubai');
  await page.check('#counselling-form input[name=topics][value=recruitment_fraud]');
  await page.check('#counselling-form input[name=topics][value=legal_pathways]');
  await page.check('#counselling-form input[name=risks][value=recruitment_fee]');
  await page.check('#counselling-form input[name=sheets][value=recruitment-fraud]');
  await page.fill('#counselling-follow-up', today);
  await page.selectOption('#counselling-referred-to', 'KRI-MOI');
  // A full name with consent but no case: refused, saying why.
  await page.check('#counselling-consent');
  await page.fill('#counselling-full-name', 'Shilan Ahmed Karim');
  await page.click(`button:text("${en['counselling.submit']}")`);
  const refusal = page.locator('#counselling-form .message.error');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /case/);
  // Without them, it is kept de-identified.
  await page.fill('#counselling-full-name', '');
  await page.uncheck('#counselling-consent');
  await page.click(`button:text("${en['counselling.submit']}")`);
  await page.waitForFunction(() => /^#\/counselling\/\d+$/.test(
    location.hash));
  const record = page.locator('dl.facts');
  await record.waitFor();
  const shown = await record.innerText();
  assert.match(shown, /Shilan/);
  assert.match(shown, new RegExp(en['topic.recruitment_fraud']));
  assert.match(shown, new RegExp(en['risk.recruitment_fee']));
  assert.doesNotMatch(shown, /Ahmed Karim/);
  await page.click(`button:text("${en['counselling.mark_done']}")`);
  await page.waitForFunction(done => document.querySelector('dl.facts')
    .innerText.includes(done), en['counselling.done_on'].split(' ')[0]);
  // The refusal above is the only answer the browser logs.
  assert.deepEqual(page.problems.filter(p => !p.includes('status of 422')),
                   []);

  // In Sorani, the log and its vocabularies are translated.
  await page.click(`a.nav:text("${en['counselling.nav']}")`);
  await page.waitForSelector('#counselling-form');
  await page.selectOption('#language-picker', 'ckb');
  await page.waitForSelector(`h1:text("${LOCALES.ckb['counselling.title']}")`);
  await page.waitForSelector('table.counselling');
  await assertTranslated(page, 'ckb');
  await shot(page, 'mrc-counselling-ckb');
  await forgetLanguage(page);
  await page.context().close();
});

test('an awareness session recorded by the Migrant Resource Centre, listed, refused when nobody came, in Sorani', async () => {
  const en = LOCALES.en;
  const page = await openPage('en-GB');
  await login(page, MRC_WORKER);
  await page.waitForSelector('a.who');
  await page.click('a.nav[href="#/awareness"]');
  await page.waitForSelector('#awareness-form');
  assert.equal(await page.textContent('h1'), en['awareness.title']);
  // Every control has its label.
  for (const id of ['awareness-kind', 'awareness-held-on', 'awareness-place',
    'awareness-region', 'awareness-audience', 'awareness-female_children',
    'awareness-male_adults', 'awareness-feedback']) {
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
  }
  // The organisers and the sheets used are picked, each box labelled.
  for (const id of ['awareness-organisers', 'awareness-materials']) {
    assert.equal(await page.locator(`#${id} legend`).count(), 1, id);
  }
  assert.equal(await page.locator('#awareness-materials input').count(),
               await page.locator('#awareness-materials label').count());
  const fill = async (place, counts) => {
    await page.selectOption('#awareness-kind', 'school');
    await page.fill('#awareness-held-on', day(-3));
    await page.fill('#awareness-place', place);
    await page.fill('#awareness-region', 'Erbil');
    await page.selectOption('#awareness-audience', 'students');
    for (const [k, n] of Object.entries(counts)) {
      await page.fill(`#awareness-${k}`, String(n));
    }
  };
  // Nobody counted: refused, naming why, and nothing listed.
  await fill('Shaqlawa girls\' school', {});
  await page.click('#awareness-form button[type=submit]');
  const refused = page.locator('#awareness-form .message.error[role=alert]');
  await refused.waitFor();
  assert.match(await refused.textContent(), /nobody is counted/);
  await fill('Shaqlawa girls\' school', { female_children: 27,
    female_adults: 3 });
  await page.check('#awareness-organisers input[value=KRI-MOI]');
  await page.check('#awareness-materials input[value=recruitment-fraud]');
  await page.check('#awareness-materials input[value=legal-pathways]');
  await page.fill('#awareness-feedback', 'They asked how to check a visa.');
  await page.click('#awareness-form button[type=submit]');
  await page.waitForSelector('#awareness-status .message.info');
  // The refusal of the first try is gone once the second is saved.
  assert.equal(await refused.count(), 0);
  assert.ok((await page.textContent('#awareness-status')).includes('30'));
  const row = page.locator('table.awareness tbody tr',
                           { hasText: 'Shaqlawa girls\' school' });
  await row.waitFor();
  const text = await row.innerText();
  assert.ok(text.includes(en['awareness.kind.school']), text);
  assert.ok(text.includes('30'), text);
  assert.ok(text.includes('KRI-MOI') && text.includes('KRI-MRC'), text);
  // The form is empty again for the next session.
  assert.equal(await page.inputValue('#awareness-place'), '');
  // A correction: the session back in the form, three more girls counted,
  // the materials kept, the list showing the new total.
  await row.locator(`button:text("${en['awareness.correct_button']}")`)
    .click();
  assert.equal(await page.inputValue('#awareness-place'),
               'Shaqlawa girls\' school');
  assert.equal(await page.isChecked(
    '#awareness-materials input[value=recruitment-fraud]'), true);
  await page.fill('#awareness-female_children', '30');
  await page.click(`#awareness-form button:text("${
    en['awareness.correct_submit']}")`);
  await page.waitForFunction(() => document.querySelector(
    '#awareness-status').innerText.includes('33'));
  await page.waitForFunction(() => [...document.querySelectorAll(
    'table.awareness tbody tr')].some(tr => tr.innerText.includes(
    'Shaqlawa') && tr.innerText.includes('33')));
  assert.equal(await page.textContent('#awareness-form-title'),
               en['awareness.record']);
  // The period and region filter the list.
  await page.fill('#awareness-filter-region', 'Duhok');
  await page.click('#awareness-filters button[type=submit]');
  await page.waitForFunction(() => ![...document.querySelectorAll(
    'table.awareness tbody tr')].some(tr => tr.innerText.includes('Shaqlawa')));
  await shot(page, 'awareness-en');
  try {
    await page.selectOption('#language-picker', 'ckb');
    await page.waitForFunction(() => document.documentElement.lang === 'ckb' &&
      document.querySelector('#awareness-form'));
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.textContent('h1'),
                 LOCALES.ckb['awareness.title']);
    await page.waitForSelector('table.awareness tbody tr');
    await assertTranslated(page, 'ckb');
    await shot(page, 'awareness-ckb');
  } finally {
    await forgetLanguage(page);
  }
  // The one refusal the test asked for is the only error the browser saw.
  assert.equal(page.problems.length, 1, page.problems.join('\n'));
  assert.match(page.problems[0], /status of 422/);
  await page.context().close();
  // An investigator records no sessions: no way to the page.
  const inv = await openPage('en-GB');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('a.who');
  assert.equal(await inv.locator('a.nav[href="#/awareness"]').count(), 0);
  await inv.context().close();
});

test('a report of a suspected case: sent by a Migrant Resource Centre, flagged on the supervisor\'s home page, acknowledged, its case due',
     async () => {
  const en = LOCALES.en;
  // l.hassan of the Migrant Resource Centre reports an urgent case.
  const mrc = await openPage('en-GB');
  await login(mrc, MRC_WORKER);
  await mrc.waitForSelector('#report-suspected');
  await mrc.click('#report-suspected');
  await mrc.waitForSelector('form.intake-form');
  await mrc.selectOption('#in-to', 'KRI-MOI');
  await mrc.check('#in-urgent');
  await mrc.fill('#in-what', 'A young woman called from a farm near ' +
                 'Makhmur: her employer keeps her passport and locks her ' +
                 'in at night (fictional)');
  await mrc.fill('#in-where', 'A farm on the Makhmur road (fictional)');
  await mrc.fill('#in-when', 'since March');
  await mrc.fill('#in-people', '2');
  await mrc.selectOption('#in-children', 'no');
  await mrc.selectOption('#in-suspected', 'trafficking');
  await mrc.fill('#in-contact-name', 'Ronak');
  await mrc.fill('#in-contact', '+964 750 000 0421');
  await mrc.fill('#in-contact-times', 'after 18:00');
  await shot(mrc, 'intake-form-en');
  await mrc.click('form.intake-form button[type=submit]');
  const ref = (await (await mrc.waitForSelector('#intake-ref'))
    .textContent()).trim();
  assert.match(ref, /^RPT-\d{4}-\d{5}$/);
  // The reporter is told the report's reference, never the case's.
  assert.doesNotMatch(await mrc.textContent('main'), /KRI-MOI-\d{4}-/);
  await shot(mrc, 'intake-sent-en');
  await mrc.goto(`${base}/#/intake/sent`);
  const mine = mrc.locator('table.intake tr', { hasText: ref });
  await mine.waitFor();
  assert.ok((await mine.innerText()).includes(
    en['intake_status.received']));
  await mrc.goto(`${base}/#/intake/${ref}`);
  await mrc.waitForSelector('.hint');
  assert.equal(await mrc.locator('#intake-case').count(), 0);
  assert.doesNotMatch(await mrc.textContent('main'), /Makhmur/);
  assert.deepEqual(mrc.problems, []);
  await mrc.context().close();

  // s.hawre, a supervisor of KRI-MOI, in Arabic: the urgent flag on the
  // home page, acknowledged there; then the case with its steps due.
  const sup = await openPage('ar-IQ');
  await login(sup, SUPERVISOR);
  const flag = `.intake-banner li:has(button[data-ref="${ref}"])`;
  await sup.waitForSelector(flag);
  assert.equal(await sup.getAttribute('html', 'dir'), 'rtl');
  await assertTranslated(sup, 'ar');
  await shot(sup, 'intake-urgent-home-ar');
  await sup.click(`${flag} button`);
  await sup.waitForSelector(flag, { state: 'detached' });
  await sup.goto(`${base}/#/intake`);
  const row = sup.locator('table.intake tr', { hasText: ref });
  await row.waitFor();
  assert.ok((await row.innerText()).includes(
    LOCALES.ar['intake_status.acknowledged']));
  await sup.goto(`${base}/#/intake/${ref}`);
  await sup.waitForSelector('#intake-case');
  assert.match(await sup.textContent('main'), /Makhmur/);
  assert.equal(await sup.locator('#intake-ack').count(), 0);
  await shot(sup, 'intake-report-ar');
  await sup.click('#intake-case');
  const safety = '#step-ensure_immediate_safety';
  await sup.waitForSelector(safety);
  assert.equal(await sup.locator(`${safety} .badge.state-ready`).count(), 1);
  assert.equal(await sup.locator(`${safety} .due`).count(), 1);
  await assertTranslated(sup, 'ar');
  assert.deepEqual(sup.problems, []);
  await forgetLanguage(sup);
  await sup.context().close();

  // In Sorani, d.karim links it to the demo's urgent report, and the
  // other report shows the link too.
  const inv = await openPage('ckb');
  await login(inv, INVESTIGATOR);
  await inv.waitForSelector('a.who');
  await inv.goto(`${base}/#/intake/${ref}`);
  await inv.waitForSelector('#il-other');
  assert.equal(await inv.getAttribute('html', 'dir'), 'rtl');
  const demo = 'RPT-' + ref.slice(4, 8) + '-00001';
  await inv.fill('#il-other', demo);
  await inv.click('form.intake-link-form button[type=submit]');
  await inv.waitForSelector(`#links-title ~ ul a:text("${demo}")`);
  await assertTranslated(inv, 'ckb');
  await shot(inv, 'intake-linked-ckb');
  await inv.goto(`${base}/#/intake/${demo}`);
  await inv.waitForSelector(`#links-title ~ ul a:text("${ref}")`);
  assert.deepEqual(inv.problems, []);
  await inv.context().close();
});
