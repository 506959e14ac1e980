// End-to-end tests of the dashboard in headless chromium against a real
// `tocsin serve` (see harness.mjs). Each test saves screenshots as artifacts.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {logIn, openPage, screenshot, startTocsin, usesRealData} from './harness.mjs';

let tocsin;
before(async () => { tocsin = await startTocsin(); }, {timeout: 600000});
after(async () => { await tocsin?.stop(); });

async function apiAs(page, path, options = {}) {
  return page.evaluate(async ([p, o]) => {
    const headers = {'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('tocsin.csrf') ?? ''};
    const response = await fetch(`/api/v1${p}`, {method: o.method ?? 'GET', headers, body: o.body ? JSON.stringify(o.body) : undefined});
    return {status: response.status, body: await response.json().catch(() => null)};
  }, [path, options]);
}

test('logging in leads to the map, and a wrong password says why', async () => {
  const {page, context, problems} = await openPage(tocsin);
  await page.goto(`${tocsin.url}/`);
  await page.waitForSelector('#login-name');
  await screenshot(page, 'login');
  await page.fill('#login-name', 'ana');
  await page.fill('#login-password', 'not the password at all');
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('#login-status .error');
  // A failed login is an expected 401, which chromium logs as a failed resource.
  problems.length = 0;
  await logIn(page, tocsin.url, 'ana');
  assert.match(await page.textContent('#who'), /ana/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the map colours every forecast country and is interactive within a second', async () => {
  const {page, context, problems} = await openPage(tocsin);
  await logIn(page, tocsin.url, 'ana');
  const forecast = await apiAs(page, '/forecasts');
  assert.equal(forecast.status, 200);
  const countries = forecast.body.countries;
  assert.ok(countries.length >= (usesRealData ? 150 : 3), `only ${countries.length} countries forecast`);
  // Measured in a fresh load: from navigation start to the map's handlers attached.
  await page.reload();
  await page.waitForSelector('#risk-map');
  const interactive = await page.evaluate(() => performance.getEntriesByName('map-interactive')[0]?.startTime);
  console.log(`# map interactive ${interactive.toFixed(0)} ms after navigation start (${countries.length} countries)`);
  assert.ok(interactive < 1000, `map interactive after ${interactive} ms`);
  const coloured = await page.$$eval('#risk-map path.country[data-gw], .small-states a[data-gw]',
    (nodes) => nodes.map((n) => Number(n.dataset.gw)));
  const expected = countries.map((c) => c.gw).filter((gw) => gw !== null);
  for (const gw of expected) assert.ok(coloured.includes(gw), `country ${gw} is not coloured on the map`);
  const fills = await page.$$eval('#risk-map path.country[data-gw]', (nodes) => new Set(nodes.map((n) => n.getAttribute('fill'))).size);
  assert.ok(fills >= 2, 'the map uses more than one colour');
  // Tooltip on hover, table alternative.
  await page.hover('#risk-map path.country[data-gw="482"]');
  assert.match(await page.textContent('.tooltip'), /Risk .*rank/);
  assert.equal(await page.$$eval('#risk-table tbody tr', (rows) => rows.length), countries.length);
  await screenshot(page, 'map');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a country page shows its drivers and its events', async () => {
  const {page, context, problems} = await openPage(tocsin);
  await logIn(page, tocsin.url, 'ana');
  await page.click('#risk-map path.country[data-gw="482"]');
  await page.waitForSelector('h1:has-text("Central African Republic")');
  await page.waitForSelector('figure.chart:has-text("Drivers of the latest risk") rect');
  await page.waitForFunction(() => [...document.querySelectorAll('figure.chart')]
    .some((f) => f.textContent.includes('Events over time by violence type') &&
      [...f.querySelectorAll('svg rect')].some((r) => Number(r.getAttribute('height')) > 0)));
  const driverBars = await page.$$eval('figure.chart:has-text("Drivers") svg rect', (bars) => bars.length);
  assert.ok(driverBars >= 3, `${driverBars} driver bars`);
  await screenshot(page, 'country');
  assert.deepEqual(problems, []);
  await context.close();
});

const PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

test('an alert is triaged: ownership taken, then a decision with a reason; stored script does not run', async () => {
  const {page, context, problems} = await openPage(tocsin);
  await logIn(page, tocsin.url, 'ana');
  await page.click('nav a[href="#/alerts"]');
  await page.waitForSelector('#alerts-table');
  await page.selectOption('#alert-state', 'new');
  await page.waitForSelector('#alerts-table button[data-alert]');
  const id = await page.getAttribute('#alerts-table button[data-alert]', 'data-alert');
  await page.click(`#alerts-table button[data-alert="${id}"]`);
  await page.fill('#alert-detail input[name=note]', PAYLOAD);
  await page.click('#alert-detail button:has-text("Take ownership")');
  await page.waitForSelector('#alert-state-now:has-text("acknowledged")');
  await page.selectOption('#alert-detail select[name=decision]', 'escalate');
  await page.fill('#alert-detail input[name=reason]', 'Killings in Bangui are accelerating');
  await page.click('#alert-detail button:has-text("Decide")');
  await page.waitForSelector('#alert-state-now:has-text("decided")');
  assert.match(await page.textContent('#alert-detail'), /escalate \(Killings in Bangui are accelerating\)/);
  // The note is shown as text, and nothing in it ran.
  await page.goto(`${tocsin.url}/#/alerts?id=${id}`);
  await page.reload();
  await page.waitForSelector('#alert-detail .timeline');
  assert.ok((await page.textContent('#alert-detail .timeline')).includes(PAYLOAD), 'the payload is shown literally');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.$$eval('#alert-detail img, #alert-detail script', (nodes) => nodes.length), 0);
  await screenshot(page, 'alerts');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the model evaluation page shows the backtest', async () => {
  const {page, context, problems} = await openPage(tocsin);
  await logIn(page, tocsin.url, 'ana');
  await page.click('nav a[href="#/evaluation"]');
  await page.waitForSelector('#model-comparison tbody tr');
  await page.waitForSelector('figure.chart:has-text("ROC curve") path');
  await screenshot(page, 'evaluation');
  assert.deepEqual(problems, []);
  await context.close();
});
