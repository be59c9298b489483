// Benchmark: a visitor's help press until the banner is drawn on 20 signed-in console pages, in
// Debian's chromium (headless, playwright-core). Each page is its own browser context, as 20
// counters' browsers are (Chromium keeps at most six connections per host in one context).
// The press is the kiosk's own call (dawr_queue_help, another program writing the database), made
// by tests/bench_console_browser --press, which says the wall clock just before it.
// Each page records, on the system's wall clock (performance.timeOrigin + performance.now(), the
// same clock node reads), the animation frame that first draws the banner; node reads them
// back. Beside it, the same presses timed until one plain event stream (/api/events, read by the
// same helper) has the "help" event: the stream-only reference. tests/bench_console_browser.c prints these lines.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { createInterface } from 'node:readline';

const PAGES = 20, ROUNDS = Number(process.env.HELP_BENCH_ROUNDS || 25);
const root = resolve(new URL('../..', import.meta.url).pathname);
const build = resolve(root, process.env.BUILD || 'build');
mkdirSync(join(build, 'tests', 'tmp'), { recursive: true });
const dir = mkdtempSync(join(build, 'tests', 'tmp', 'help-bench-'));
const db = join(dir, 'dawr.db');
const config = join(dir, 'bench.conf');
let conf = '[dawr]\ntimezone = Asia/Riyadh\n[service q]\nprefix = A\nname_ar = استفسار\nname_en = Inquiry\n';
for (let i = 1; i <= PAGES; i++) conf += `[counter ${i}]\nname_ar = شباك ${i}\nname_en = Desk ${i}\nservices = q\n`;
writeFileSync(config, conf);

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
function ctl(args, input) {
  return execFileSync(join(build, 'dawrctl'), ['--config', config, '--db', db, ...args],
                      { input: input || '', encoding: 'utf8' });
}
// The kiosk's side: one line asked, one answered ("WALL_MS RESULT").
let presser, pressLines;
function startPresser() {
  presser = spawn(process.env.PRESS || join(build, 'tests', 'bench_console_browser'), ['--press', config, db],
                  { stdio: ['pipe', 'pipe', 'inherit'] });
  pressLines = createInterface({ input: presser.stdout })[Symbol.asyncIterator]();
}
async function kiosk(what, both) {
  presser.stdin.write(what + '\n');
  const { value } = await pressLines.next();
  const [at, result] = (value || '').split(' ').map(Number);
  if (both) return [at, result];
  if (result !== 0) throw new Error(`the kiosk's ${what} failed (${value})`);
  return at;
}
function startConsole() {
  return new Promise((ok, fail) => {
    const proc = spawn(join(build, 'dawr-console'), ['--config', config, '--db', db, '--listen', '127.0.0.1:0'],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: proc.stdout });
    const timer = setTimeout(() => fail(new Error('dawr-console did not start')), 20000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = line.match(/127\.0\.0\.1:(\d+)/);
      if (m) ok({ proc, base: `http://127.0.0.1:${m[1]}` }); else fail(new Error(line));
    });
    proc.once('exit', (code) => fail(new Error(`dawr-console exited ${code}`)));
  });
}
// Polls FN in PAGE (the console's CSP forbids the eval waitForFunction needs).
async function until(page, fn, arg, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await page.evaluate(fn, arg)) return true;
    await sleep(20);
  }
  return false;
}
function quantile(sorted, q) { return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]; }
function summary(name, values, note) {
  const s = [...values].sort((a, b) => a - b);
  console.log(`${name}_p50: ${quantile(s, 0.5).toFixed(1)} ms${note ? ` (${note})` : ''}`);
  console.log(`${name}_p99: ${quantile(s, 0.99).toFixed(1)} ms${name.includes('banner') ? ' (target < 200 ms)' : ''}`);
  console.log(`${name}_max: ${s[s.length - 1].toFixed(1)} ms`);
}

let browser, server, status = 1;
try {
  ctl(['init']);
  for (let i = 1; i <= PAGES; i++) ctl(['set-pin', String(i)], '123456\n');
  server = await startConsole();
  startPresser();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-proxy-server',
           '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
           '--disable-backgrounding-occluded-windows'],
    timeout: 60000,
  });
  const pages = [];
  for (let i = 1; i <= PAGES; i++) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    // When each "help" event reaches the page's own stream, before it draws anything.
    await context.addInitScript(() => {
      window.helpHeard = [];
      const add = EventSource.prototype.addEventListener;
      EventSource.prototype.addEventListener = function (type, fn, ...rest) {
        if (type !== 'help') return add.call(this, type, fn, ...rest);
        return add.call(this, type, (e) => {
          if (e.data.includes('"kind":"help"')) window.helpHeard.push(performance.timeOrigin + performance.now());
          return fn(e);
        }, ...rest);
      };
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    await page.goto(server.base + '/');
    await page.selectOption('#counter', String(i));
    await page.fill('#pin', '123456');
    await page.click('#sign-in-button');
    await page.locator('#desk').waitFor({ state: 'visible' });
    if (!await until(page, () => document.getElementById('live').classList.contains('on')))
      throw new Error(`page ${i}: its live stream never opened`);
    // The frame that first draws the banner after it was hidden, on the wall clock.
    await page.evaluate(() => {
      const banner = document.getElementById('help-banner');
      window.helpDrawn = [];
      let waiting = false;
      new MutationObserver(() => {
        if (waiting || banner.hidden || !banner.checkVisibility()) return;
        waiting = true;
        requestAnimationFrame(() => {
          window.helpDrawn.push(performance.timeOrigin + performance.now());
          waiting = false;
        });
      }).observe(banner, { attributes: true, attributeFilter: ['hidden'] });
    });
    pages.push(page);
  }
  // The stream-only reference: one plain event stream, signed in as counter 1, read by the
  // kiosk's side (node is busy with the pages: its own reading would come late).
  const cookies = await pages[0].context().cookies();
  await kiosk(`stream ${new URL(server.base).port} ${cookies.map((c) => `${c.name}=${c.value}`).join(';')}`);
  await sleep(1000);

  const banner = [], lastPage = [], stream = [], heard = [];
  let missed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of pages) await p.evaluate(() => { window.helpDrawn = []; window.helpHeard = []; });
    const pressed = await kiosk('help');
    const drawn = [];
    for (const p of pages) {
      await until(p, () => window.helpDrawn.length > 0, undefined, 10000);
      const [t, h] = await p.evaluate(() => [window.helpDrawn[0], window.helpHeard[0]]);
      if (typeof t === 'number') drawn.push(t - pressed); else missed++;
      if (typeof h === 'number') heard.push(h - pressed);
    }
    banner.push(...drawn);
    if (drawn.length) lastPage.push(Math.max(...drawn));
    for (let i = 0; i < 100; i++) {
      const [at, count] = await kiosk('streamed', true);
      if (count > round) { stream.push(at - pressed); break; }
      await sleep(20);
    }
    await kiosk('ack');
    for (const p of pages) await until(p, () => document.getElementById('help-banner').hidden);
    await sleep(150);
  }
  if (missed || !banner.length) {
    console.log(`console_help_banner_20_pages_p99: failed (${missed} of ${ROUNDS * PAGES} banners never drawn)`);
  } else {
    summary('console_help_banner_20_pages', banner,
            `the kiosk's press until each of ${PAGES} chromium pages drew its banner; ${banner.length} banners`);
    summary('console_help_banner_last_of_20_pages', lastPage, `per press, the slowest of the ${PAGES} pages`);
    if (heard.length) summary('console_help_event_in_20_pages', heard, 'the same presses until each page\'s own stream had "help"');
    if (stream.length) summary('console_help_stream_reference', stream, 'the same presses until one plain event stream had "help"');
    status = 0;
  }
} catch (e) {
  console.log(`console_help_banner_20_pages_p99: failed (${e && e.message ? e.message.split('\n')[0] : e})`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.proc.kill('SIGTERM');
  if (presser) presser.stdin.end();
}
process.exit(status);
