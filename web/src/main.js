// The dashboard: a hash router over pages, the signed-in user, and the nav.
import {get, hasSession, logOut, whenUnauthorised} from './api.js';
import {h, message} from './dom.js';
import {alertsPage} from './pages/alerts.js';
import {casePage, casesPage} from './pages/cases.js';
import {countryPage} from './pages/country.js';
import {evaluationPage} from './pages/evaluation.js';
import {gapPage} from './pages/gap.js';
import {loginPage} from './pages/login.js';
import {mapPage} from './pages/map.js';
import {tasksPage} from './pages/tasks.js';
import {may, session} from './session.js';


const routes = [
  [/^#\/login$/, () => loginPage(signedIn)],
  [/^#\/map$/, () => mapPage()],
  [/^#\/country\/(\d+)$/, (gw) => countryPage(Number(gw))],
  [/^#\/alerts$/, () => alertsPage()],
  [/^#\/cases$/, () => casesPage()],
  [/^#\/cases\/(\d+)$/, (id) => casePage(Number(id))],
  [/^#\/tasks$/, () => tasksPage()],
  [/^#\/gap$/, () => gapPage()],
  [/^#\/evaluation$/, () => evaluationPage()],
  [/^#\/welcome$/, () => welcomePage()],
];

// The first page of the menu the user's roles may read; for roles that read none
// of them (administrators), a page that says where their work is done.
function home() {
  const link = [...document.querySelectorAll('#nav a[data-needs]')].find((l) => may(l.dataset.needs));
  return link ? link.getAttribute('href') : '#/welcome';
}

function welcomePage() {
  return h('div', {class: 'page'}, h('h1', {}, 'Welcome'),
    h('p', {}, `Your roles (${session.user.roles.join(', ')}) read none of the dashboard's pages. Accounts, `,
      'organisations and the audit log are administered through the API (see docs/api.md) or, at the server, ',
      'with `tocsin user` and `tocsin organisation`.'));
}

let teardown = null;

async function render() {
  const view = document.getElementById('view');
  if (!session.user && location.hash !== '#/login') {
    location.hash = '#/login';
    return;
  }
  if (session.user && (location.hash === '' || location.hash === '#/' || location.hash === '#/login')) {
    location.hash = home();
    return;
  }
  if (teardown) teardown();
  teardown = null;
  for (const link of document.querySelectorAll('#nav a')) {
    if (location.hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const address = location.hash.split('?')[0];  // the rest is the page's own parameters
  const match = routes.map(([pattern, page]) => [address.match(pattern), page]).find(([m]) => m);
  view.replaceChildren();
  if (!match) {
    view.append(h('h1', {}, 'Not found'), message('There is no such page. Use the menu above.'));
    return;
  }
  const [found, page] = match;
  try {
    const result = await page(...found.slice(1));
    view.replaceChildren(result.node ?? result);
    teardown = result.teardown ?? null;
    const heading = view.querySelector('h1');
    document.title = heading ? `${heading.textContent} — Tocsin` : 'Tocsin';
  } catch (error) {
    view.replaceChildren(h('h1', {}, 'Could not load this page'), message(error.message, 'error'));
  }
}

function showUser() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  nav.hidden = !session.user;
  who.replaceChildren();
  if (!session.user) return;
  // Only the pages the user's roles may read are offered.
  for (const link of nav.querySelectorAll('a[data-needs]')) link.hidden = !may(link.dataset.needs);
  who.append(`${session.user.name} · ${session.user.roles.join(', ')} · cleared ${session.user.clearance} `,
    h('button', {type: 'button', class: 'link', onclick: async () => {
      await logOut().catch(() => {});
      session.user = null;
      showUser();
      location.hash = '#/login';
    }}, 'Log out'));
}

async function signedIn(user) {
  session.user = user;
  showUser();
  location.hash = home();
}

whenUnauthorised(() => {
  session.user = null;
  showUser();
  location.hash = '#/login';
});

async function start() {
  // Only a tab that logged in holds a CSRF token; without one there is no
  // session to resume, and asking would only earn a 401.
  session.user = null;
  if (hasSession()) {
    try {
      session.user = (await get('/session')).user;
    } catch {
      session.user = null;
    }
  }
  showUser();
  // The skip link moves the focus to the page, not the address (the router owns the hash).
  document.querySelector('a.skip')?.addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('view').focus();
  });
  window.addEventListener('hashchange', render);
  await render();
}

start();
