import {pendingPage} from './pending.js';

export function gapPage() {
  return pendingPage('Warning→response gap', '/gap-report', '`tocsin gap-report --as NAME --quarter 2026Q4 --html gap.html`');
}
