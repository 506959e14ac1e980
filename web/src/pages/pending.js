// Pages of the response workflow. The workflow runs today from the command line
// (tocsin case, task, watchlist, gap-report); the page shows its data once the
// server offers the routes, and says so plainly until then.
import {offers} from '../api.js';
import {h, message} from '../dom.js';

export async function pendingPage(title, route, command) {
  const page = h('div', {class: 'page'}, h('h1', {}, title));
  if (await offers(route)) {
    page.append(message('This server offers the data, but this version of the dashboard does not show it yet.'));
  } else {
    page.append(message(`This server does not offer ${route.slice(1)} over the API yet. Coordinators work it from the command line: ${command}.`),
      h('p', {}, 'See docs/workflow.md for the chain from warning to decision to action.'));
  }
  return page;
}
