// A country: risk history, drivers, events by violence type, alerts, Framework
// of Analysis scores, watchlist status, cases and open tasks. Each section asks
// only for what the user's role may read, and loads on its own.
import {get, offers, query} from '../api.js';
import {divergingBars, lineChart, stackedBars} from '../charts.js';
import {date, h, message, percent, section, table} from '../dom.js';
import {may} from '../session.js';

async function guarded(title, permission, build, route) {
  if (permission && !may(permission)) return null;
  if (route && !(await offers(route))) return null;
  const body = h('div', {}, message('Loading…'));
  const node = section(title, body);
  try {
    const content = await build();
    body.replaceChildren(...[content].flat().filter(Boolean));
  } catch (error) {
    body.replaceChildren(message(error.status === 404 ? 'Nothing here that you may see.' : error.message, error.status === 404 ? 'note' : 'error'));
  }
  return node;
}

function riskSections(history) {
  if (history.length === 0) return [message('No forecast of this country that you may read.')];
  // One point per data year: the latest run's estimate.
  const latestByYear = new Map();
  for (const entry of history) {
    const kept = latestByYear.get(entry.data_year);
    if (!kept || entry.run_id > kept.run_id) latestByYear.set(entry.data_year, entry);
  }
  const points = [...latestByYear.values()].sort((a, b) => a.data_year - b.data_year)
    .map((e) => ({x: e.data_year, y: e.probability, label: `${e.data_year} (run ${e.run_id}, ${e.model})`}));
  const latest = history.reduce((a, b) => (b.run_id > a.run_id ? b : a));
  const parts = [
    h('p', {class: 'headline'}, `Latest: ${percent(latest.probability)} risk, rank ${latest.rank} (run ${latest.run_id}, ${latest.model}, data year ${latest.data_year}).`),
    lineChart('Risk history', 'Estimated two-year risk of a new mass killing for each data year.', points),
  ];
  if (latest.drivers) {
    const bars = Object.entries(latest.drivers).map(([label, value]) => ({label, value}))
      .filter((b) => b.value !== 0).sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 12);
    parts.push(divergingBars('Drivers of the latest risk',
      'Contribution of each predictor to the log-odds, measured from the training average; the twelve largest.', bars));
  } else {
    parts.push(message('The drivers of this forecast are above your clearance.'));
  }
  return parts;
}

const VIOLENCE_TYPES = ['state-based', 'non-state', 'one-sided'];

// Monthly events by violence type: one series per type, stacked; the last 36
// months that had any event.
async function eventsSection(gw) {
  const answers = await Promise.all(VIOLENCE_TYPES.map((type) =>
    get(`/series${query({country: gw, period: 'month', violence: type})}`)));
  const byPeriod = new Map();
  answers.forEach((answer, index) => {
    for (const period of answer.periods ?? []) {
      if (!byPeriod.has(period.start)) byPeriod.set(period.start, [0, 0, 0]);
      byPeriod.get(period.start)[index] += period.events;
    }
  });
  const periods = [...byPeriod.entries()].filter(([, values]) => values.some((v) => v > 0))
    .sort(([a], [b]) => (a < b ? -1 : 1)).slice(-36)
    .map(([start, values]) => ({label: start.slice(0, 7), values}));
  if (periods.length === 0) return message('No events recorded for this country that you may see.');
  return stackedBars('Events over time by violence type',
    'Events per month, stacked by type of violence: the last 36 months that had any.', {categories: VIOLENCE_TYPES, periods});
}

export async function countryPage(gw) {
  const country = await get(`/countries/${gw}`);
  const page = h('div', {class: 'page'}, h('h1', {}, country.name),
    h('p', {class: 'lede'}, [country.region, country.iso3 && `ISO ${country.iso3}`, `GW ${country.gw}`].filter(Boolean).join(' · ')));
  const sections = await Promise.all([
    guarded('Risk', 'forecast:read', async () => riskSections((await get(`/countries/${gw}/forecasts`)).forecasts)),
    guarded('Events', 'series:read', () => eventsSection(gw)),
    guarded('Alerts', 'alert:read', async () => {
      const answer = await get(`/alerts${query({country: gw})}`);
      const alerts = answer.alerts ?? [];
      if (alerts.length === 0) return message('No alerts for this country that you may see.');
      return table(answer.more ? `The ${alerts.length} most severe alerts; the alerts inbox filtered by this country lists more` : null, [
        {label: 'window', value: (a) => `${a.window_start} – ${a.window_end}`},
        {label: 'rule', value: (a) => a.rule},
        {label: 'severity', value: (a) => a.severity},
        {label: 'observed / expected', value: (a) => `${a.observed} / ${Number(a.expected).toFixed(1)}`, numeric: true},
        {label: 'state', value: (a) => h('a', {href: `#/alerts?id=${a.id}`}, a.state)},
      ], alerts);
    }),
    guarded('Framework of Analysis', 'assessment:read', async () => frameworkSection(gw), '/assessments'),
    guarded('Watchlist', 'watchlist:read', async () => watchlistSection(gw), '/watchlist'),
    guarded('Cases and open tasks', 'case:read', async () => casesSection(gw), '/cases'),
  ]);
  page.append(...sections.filter(Boolean));
  return page;
}

async function frameworkSection(gw) {
  // Ask for the summary only when an assessment exists (a missing one is a 404).
  const assessments = (await get(`/assessments${query({gw})}`)).assessments ?? [];
  if (assessments.length === 0) return message('No Framework of Analysis assessment of this country that you may see.');
  const summary = await get(`/countries/${gw}/assessment-summary`);
  const factors = summary.factors ?? [];
  if (factors.length === 0) return message('No Framework of Analysis assessment of this country that you may see.');
  const score = (v) => (v === null || v === undefined ? '–' : Number(v).toFixed(2));
  return [
    h('p', {}, `Assessment ${summary.assessment_id} as of ${summary.as_of}, ${summary.analysts} analyst(s); overall ${score(summary.overall)} of 3`,
      summary.alpha === null || summary.alpha === undefined ? '.' : `; agreement (Krippendorff's alpha) ${score(summary.alpha)}.`),
    table('Risk factors (0 absent – 3 strong)', [
      {label: 'factor', value: (f) => `${f.factor}. ${f.name}`},
      {label: 'score', value: (f) => score(f.score), numeric: true},
      {label: 'spread across analysts', value: (f) => score(f.spread), numeric: true},
      {label: '', value: (f) => (f.analysts_disagree ? h('span', {class: 'overdue'}, 'analysts disagree') : '')},
    ], factors, {class: 'framework'}),
  ];
}

async function watchlistSection(gw) {
  const entries = ((await get('/watchlist')).entries ?? []).filter((e) => e.gw === gw);
  if (entries.length === 0) return message('Not on the watchlist.');
  return table(null, [
    {label: 'tier', value: (e) => e.tier},
    {label: 'reason', value: (e) => e.reason},
    {label: 'since', value: (e) => date(e.added_at)},
  ], entries);
}

async function casesSection(gw) {
  const cases = (await get(`/cases${query({gw})}`)).cases ?? [];
  if (cases.length === 0) return message('No case on this country that you may see.');
  const parts = [table(null, [
    {label: 'case', value: (c) => h('a', {href: `#/cases/${c.id}`}, c.title)},
    {label: 'status', value: (c) => c.status},
    {label: 'lead', value: (c) => `${c.lead ?? '–'} (${c.lead_organisation})`},
  ], cases)];
  if (may('task:read')) {
    const open = (t) => t.status !== 'done' && t.status !== 'cancelled';
    const tasks = (await Promise.all(cases.map((c) => get(`/tasks${query({case: c.id})}`))))
      .flatMap((answer) => (answer.tasks ?? []).filter(open));
    parts.push(tasks.length === 0 ? message('No open tasks.') : table('Open tasks', [
      {label: 'task', value: (t) => t.title},
      {label: 'owner', value: (t) => t.owner_organisation},
      {label: 'due', value: (t) => [date(t.due_at), t.overdue ? h('span', {class: 'overdue'}, ' overdue') : null]},
      {label: 'status', value: (t) => t.status},
    ], tasks, {rowClass: (t) => (t.overdue ? 'overdue' : null)}));
  }
  return parts;
}
