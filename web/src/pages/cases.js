import {pendingPage} from './pending.js';

export function casesPage() {
  return pendingPage('Cases', '/cases', '`tocsin case list --as NAME` and `tocsin case show ID --as NAME`');
}

export function casePage() {
  return casesPage();
}
