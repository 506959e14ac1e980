// The warning-to-response gap: for each alert and case, hours to an owner, to a
// decision and from the decision to the first completed task; overdue tasks per
// organisation; how many top-ranked and watchlist countries have an active
// preventive option. A quarter and a shareable label can be chosen; the same
// report is available as a self-contained page.
import {get, query} from '../api.js';
import {date, h, labelsUpTo, message, percent, section, table} from '../dom.js';
import {session} from '../session.js';

function hours(value) {
  return value === null || value === undefined ? '–' : `${Number(value).toFixed(1)} h`;
}

function coverage(title, c) {
  return h('div', {class: 'card'}, h('strong', {}, title), h('div', {class: 'headline'},
    c.share === null || c.share === undefined ? '–' : percent(c.share, 0)),
  h('div', {class: 'note'}, `${c.with_active_option} of ${c.countries} countries with an active preventive option`),
  c.without_option?.length ? h('div', {class: 'note'}, `Without: ${c.without_option.slice(0, 12).join(', ')}${c.without_option.length > 12 ? '…' : ''}`) : null);
}

export async function gapPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const period = h('select', {id: 'gap-period'}, h('option', {value: ''}, 'all time'),
    [0, 1, 2, 3].map((back) => {
      const now = new Date();
      const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - back;
      const value = `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
      return h('option', {value, selected: params.get('quarter') === value}, value);
    }));
  const labels = labelsUpTo(session.user.clearance);
  const label = h('select', {id: 'gap-label'}, labels.map((l) => h('option', {value: l, selected: l === labels.at(-1)}, `up to ${l}`)));
  const report = h('div', {id: 'gap-report'});
  const htmlLink = h('a', {id: 'gap-html', target: '_blank', rel: 'noopener'}, 'This report as a page to share');

  async function reload() {
    const parameters = {quarter: period.value || undefined, maximum_label: label.value === labels.at(-1) ? undefined : label.value};
    const gap = await get(`/gap-report${query(parameters)}`);
    htmlLink.setAttribute('href', `/api/v1/gap-report${query({...parameters, format: 'html'})}`);
    report.replaceChildren(
      h('p', {class: 'note'}, `Period ${gap.period}${gap.from ? ` (${gap.from} – ${gap.to})` : ''} · generated ${date(gap.generated_at)} · includes records up to ${gap.maximum_label}.`),
      h('div', {class: 'metrics'},
        h('div', {class: 'card'}, h('strong', {}, 'Cases measured'), h('div', {class: 'headline', id: 'gap-case-count'}, String(gap.cases.length))),
        h('div', {class: 'card'}, h('strong', {}, 'Alerts measured'), h('div', {class: 'headline', id: 'gap-alert-count'}, String(gap.alerts.length))),
        coverage('Top-30 forecast countries', gap.top30),
        coverage('Watchlist countries', gap.watchlist)),
      section('Cases', gap.cases.length === 0 ? message('No case in this period that you may see.') : table(null, [
        {label: 'case', value: (c) => h('a', {href: `#/cases/${c.case_id}`}, c.title)},
        {label: 'start', value: (c) => date(c.start)},
        {label: 'to owner', value: (c) => hours(c.hours_to_owner), numeric: true},
        {label: 'to decision', value: (c) => hours(c.hours_to_decision), numeric: true},
        {label: 'decision to first task done', value: (c) => hours(c.hours_decision_to_first_completed_task), numeric: true},
        {label: 'tasks done / all', value: (c) => `${c.tasks_done} / ${c.tasks}`, numeric: true},
        {label: 'overdue', value: (c) => (c.tasks_overdue ? h('span', {class: 'overdue'}, String(c.tasks_overdue)) : '0'), numeric: true},
      ], gap.cases, {id: 'gap-cases', rowClass: (c) => (c.tasks_overdue ? 'overdue' : null)})),
      section('Alerts', gap.alerts.length === 0 ? message('No alert in this period that you may see.') : table(null, [
        {label: 'alert', value: (a) => h('a', {href: `#/alerts?id=${a.alert_id}`}, `${a.alert_id} · ${a.country}`)},
        {label: 'raised', value: (a) => date(a.raised_at)},
        {label: 'owner', value: (a) => a.owner ?? '–'},
        {label: 'to owner', value: (a) => [hours(a.hours_to_owner), a.owner_within_deadline === false ? h('span', {class: 'overdue'}, ' late') : null], numeric: true},
        {label: 'to decision', value: (a) => hours(a.hours_to_decision), numeric: true},
        {label: 'decision to first task done', value: (a) => hours(a.hours_decision_to_first_completed_task), numeric: true},
      ], gap.alerts, {id: 'gap-alerts'})),
      section('Organisations', gap.organisations.length === 0 ? message('No open task.') : table(null, [
        {label: 'organisation', value: (o) => o.organisation},
        {label: 'open tasks', value: (o) => o.open_tasks, numeric: true},
        {label: 'overdue', value: (o) => (o.overdue_tasks ? h('span', {class: 'overdue'}, String(o.overdue_tasks)) : '0'), numeric: true},
        {label: 'escalated', value: (o) => o.escalated_tasks, numeric: true},
      ], gap.organisations, {id: 'gap-organisations', rowClass: (o) => (o.overdue_tasks ? 'overdue' : null)})));
  }
  period.addEventListener('change', reload);
  label.addEventListener('change', reload);
  await reload();
  return h('div', {class: 'page'}, h('h1', {}, 'Warning→response gap'),
    h('p', {class: 'lede'}, 'How long warnings wait for an owner, a decision and action, measured from the records you may see.'),
    h('div', {class: 'controls'}, h('label', {for: period.id}, 'Quarter'), period, h('label', {for: label.id}, 'Shareable version'), label, htmlLink),
    report);
}
