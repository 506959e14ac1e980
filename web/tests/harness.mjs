// Sets up a real Tocsin for the dashboard tests: a fresh SQLite database with
// two organisations and their users, the EWP panel (the real one when the data
// folder is there, else the project's synthetic fixture), a forecast with risk intervals, a short
// backtest, events and alerts, and `tocsin serve` on a free loopback port. Then
// Debian's chromium, driven by playwright-core.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const sourceDir = resolve(here, '..', '..');
const modules = resolve(process.env.TOCSIN_WEB_MODULES ?? join(here, '..', 'node_modules'));
const require = createRequire(join(modules, 'noop.js'));
const {chromium} = require('playwright-core');

export const PASSWORD = 'a dashboard test password';
export const artifacts = process.env.TOCSIN_ARTIFACTS_DIR ?? join(tmpdir(), 'tocsin-dashboard-artifacts');
mkdirSync(artifacts, {recursive: true});

const binary = process.env.TOCSIN_BINARY && resolve(process.env.TOCSIN_BINARY);
if (!binary || !existsSync(binary)) throw new Error('set TOCSIN_BINARY to the tocsin executable');

const dataDir = process.env.TOCSIN_DATA_DIR ?? join(sourceDir, '..', 'shared', 'data');
const realPanel = join(dataDir, 'ewp', 'prepared2024predictors-2025-09-03.csv');
const realEvents = join(dataDir, 'events', 'ucdp_ged_v23_1_central_african_republic.csv.gz');
export const usesRealData = existsSync(realPanel);

export function tocsin(dir, ...args) {
  return execFileSync(binary, [...args, '--db', join(dir, 'tocsin.db')], {
    cwd: dir, encoding: 'utf8', env: {...process.env, TOCSIN_ADMIN_PASSWORD: PASSWORD}, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function addUser(dir, name, organisation, roles, clearance) {
  const passwordFile = join(dir, 'password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  tocsin(dir, 'user', 'add', name, '--organisation', organisation, ...roles.flatMap((r) => ['--role', r]),
    '--clearance', clearance, '--password-file', passwordFile);
}

// Real states for the synthetic panel's made-up codes 900-923, so that the map
// can colour them: COW code and EWP name, the Central African Republic (482) first.
const FIXTURE_COUNTRIES = [
  [482, 'Central African Republic'], [625, 'Sudan'], [490, 'Congo-Kinshasa'], [520, 'Somalia'], [775, 'Myanmar'],
  [700, 'Afghanistan'], [652, 'Syria'], [645, 'Iraq'], [530, 'Ethiopia'], [475, 'Nigeria'], [432, 'Mali'],
  [483, 'Chad'], [500, 'Uganda'], [516, 'Burundi'], [517, 'Rwanda'], [770, 'Pakistan'], [850, 'Indonesia'],
  [840, 'Philippines'], [679, 'Yemen'], [620, 'Libya'], [436, 'Niger'], [439, 'Burkina Faso'], [540, 'Angola'],
  [471, 'Cameroon'],
];

// The project's synthetic panel (tests/data/ewp_synthetic.csv) with real country
// codes and names in place of its made-up ones; used when EWP's data is absent.
function fixturePanel(dir) {
  const lines = readFileSync(join(sourceDir, 'tests', 'data', 'ewp_synthetic.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const name = header.indexOf('ewp_name');
  const code = header.indexOf('ccode');
  const rows = lines.slice(1).map((line) => {
    const fields = line.split(',');
    const [cow, country] = FIXTURE_COUNTRIES[Number(fields[code]) - 900];
    fields[code] = String(cow);
    fields[name] = country;
    return fields.join(',');
  });
  const path = join(dir, 'panel.csv');
  writeFileSync(path, [lines[0], ...rows].join('\n') + '\n');
  return path;
}

export async function startTocsin() {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-dashboard-'));
  if (!usesRealData) {
    console.log(`# ${realPanel} is absent: using the synthetic panel fixture (tests/data/ewp_synthetic.csv) with real country codes`);
  }
  tocsin(dir, 'init');
  tocsin(dir, 'organisation', 'add', 'Prevention Board');
  tocsin(dir, 'organisation', 'add', 'Partner NGO');
  addUser(dir, 'ana', 'Prevention Board', ['analyst', 'coordinator', 'case officer'], 'confidential');
  addUser(dir, 'pat', 'Partner NGO', ['analyst', 'coordinator', 'case officer'], 'confidential');
  addUser(dir, 'olga', 'Prevention Board', ['org admin'], 'confidential');
  tocsin(dir, 'import', 'panel', usesRealData ? realPanel : fixturePanel(dir));
  tocsin(dir, 'forecast', '--intervals', '10');
  // Forecasts from data years L+2 must lie in the panel: the fixture covers 1990-2004.
  tocsin(dir, 'backtest', '--from', usesRealData ? '2015' : '1996', '--to', usesRealData ? '2021' : '2002');
  if (existsSync(realEvents)) {
    tocsin(dir, 'import', 'events', '--source', 'ucdp', realEvents);
  } else {
    tocsin(dir, 'import', 'events', '--source', 'ucdp', join(here, 'fixtures', 'ged_car_surge.csv'));
  }
  tocsin(dir, 'monitor');
  const server = spawn(binary, ['serve', '--port', '0', '--db', join(dir, 'tocsin.db'), '--access-log', ''], {cwd: dir});
  const url = await new Promise((resolveUrl, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/on (https?:\/\/[^\s]+?:\d+)/);
      if (found) resolveUrl(found[1]);
    });
    server.stderr.on('data', (chunk) => { output += chunk; });
    server.on('exit', (code) => reject(new Error(`tocsin serve exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`tocsin serve did not start: ${output}`)), 30000);
  });
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu']});
  return {
    dir, url, browser,
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((done) => server.on('exit', done));
    },
  };
}

// A page that records console errors, page errors and failed requests.
export async function openPage(tocsinInstance) {
  const context = await tocsinInstance.browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${new URL(response.url()).pathname}`);
  });
  return {page, context, problems};
}

export async function logIn(page, url, name, landing = '#risk-map') {
  await page.goto(`${url}/`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', PASSWORD);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector(landing, {timeout: 15000});
}

export async function screenshot(page, name) {
  await page.screenshot({path: join(artifacts, `${name}.png`), fullPage: true});
}
