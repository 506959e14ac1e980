// The cases board (cases by status, and a form to open one) and a case's page:
// its timeline, the preventive options chosen, its tasks and decisions, with
// forms for each step the user's roles permit. Everything shown is what the
// API returns to this user: cases are visible to their members only.
import {get, post, put, query} from '../api.js';
import {actionForm, append, date, field, h, labelsUpTo, message, section, table} from '../dom.js';
import {may, session} from '../session.js';

const STATUSES = ['watch', 'preventive action', 'crisis response', 'closed'];

// An input for the organisations a record is shared with, by name.
function shareInput(id) {
  return h('input', {id, size: 40, placeholder: 'optional: organisation names, separated by commas'});
}

// The comma-separated names in `input`.
function names(input) {
  return input.value.split(',').map((n) => n.trim()).filter(Boolean);
}

function caseCard(record) {
  return h('div', {class: 'card', 'data-case': record.id},
    h('a', {href: `#/cases/${record.id}`}, record.title),
    h('div', {class: 'note'}, `${record.country}${record.admin1 ? `, ${record.admin1}` : ''} · lead ${record.lead ?? '–'} (${record.lead_organisation}) · ${record.label}`),
    h('div', {class: 'note'}, `opened ${date(record.opened_at)}`));
}

async function openCaseForm() {
  const countries = (await get('/countries')).countries ?? [];
  countries.sort((a, b) => a.name.localeCompare(b.name));
  const status = h('div', {'aria-live': 'polite'});
  const title = h('input', {id: 'case-title', name: 'title', required: true, size: 50});
  const country = h('select', {id: 'case-country', name: 'country', required: true},
    h('option', {value: ''}, 'choose a country'),
    countries.map((c) => h('option', {value: c.gw}, `${c.name} (${c.iso3 ?? c.gw})`)));
  const admin1 = h('input', {id: 'case-admin1', name: 'admin1', placeholder: 'optional: a region', size: 30});
  const labels = labelsUpTo(session.user.clearance);
  const label = h('select', {id: 'case-label', name: 'label'}, labels.map((l) => h('option', {value: l, selected: l === labels.at(-1)}, l)));
  const members = h('input', {id: 'case-members', name: 'members', placeholder: 'login names, separated by commas', size: 40});
  const shares = shareInput('case-shares');
  const alert = h('input', {id: 'case-alert', name: 'alert', type: 'number', min: 1, placeholder: 'optional', size: 8});
  const reason = h('input', {id: 'case-reason', name: 'reason', size: 40});
  return section('Open a case',
    actionForm({class: 'stacked', id: 'open-case'}, status, async () => {
      const opened = await post('/cases', {
        title: title.value.trim(),
        gw: Number(country.value),
        admin1: admin1.value.trim() || undefined,
        label: label.value,
        members: members.value.split(',').map((m) => m.trim()).filter(Boolean),
        shared_with: names(shares),
        origin_alert_id: alert.value ? Number(alert.value) : undefined,
        reason: reason.value.trim() || undefined,
      });
      location.hash = `#/cases/${opened.id}`;
    },
    field('Title', title), field('Country', country), field('Region', admin1), field('Label', label),
    field('Members', members), field('Shared with', shares), field('Prompted by alert', alert), field('Reason (for the audit log)', reason),
    h('button', {type: 'submit'}, 'Open case')),
    status);
}

export async function casesPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const gw = params.get('gw');
  const cases = (await get(`/cases${query({gw})}`)).cases ?? [];
  const board = h('div', {class: 'board', id: 'cases-board'}, STATUSES.map((status) => {
    const inStatus = cases.filter((c) => c.status === status);
    return section(`${status[0].toUpperCase()}${status.slice(1)} (${inStatus.length})`,
      inStatus.length === 0 ? message('None.') : inStatus.map(caseCard));
  }));
  return h('div', {class: 'page'}, h('h1', {}, 'Cases'),
    h('p', {class: 'lede'}, 'Situations under active attention, by status. You see the cases you are a member of.'),
    cases.length === 0 ? message('No case that you may see.') : null,
    board,
    may('case:create') ? await openCaseForm() : null);
}

function timelineView(entries) {
  if (entries.length === 0) return message('Nothing yet.');
  return h('ol', {class: 'timeline', id: 'case-timeline'}, entries.map((entry) =>
    h('li', {}, h('time', {}, date(entry.at)), h('span', {class: 'badge'}, entry.kind), ' ', entry.text,
      entry.actor ? h('span', {class: 'note'}, ` — ${entry.actor}`) : null)));
}

function statusForm(record, reload) {
  if (!may('case:update') || record.status === 'closed') return null;
  const status = h('div', {'aria-live': 'polite'});
  const choice = h('select', {id: 'case-status'}, STATUSES.map((s) => h('option', {value: s, selected: s === record.status}, s)));
  const reason = h('input', {id: 'case-status-reason', size: 30, placeholder: 'why'});
  return [actionForm({class: 'inline'}, status, async () => {
    await put(`/cases/${record.id}/status`, {status: choice.value, reason: reason.value.trim() || undefined});
    await reload();
  }, ...field('Status', choice), ...field('Reason', reason), h('button', {type: 'submit', class: 'secondary'}, 'Change status')), status];
}

function memberForm(record, reload) {
  if (!may('case:update') || record.status === 'closed') return null;
  const status = h('div', {'aria-live': 'polite'});
  const user = h('input', {id: 'case-new-member', size: 20, required: true, placeholder: 'login name'});
  return [actionForm({class: 'inline'}, status, async () => {
    await post(`/cases/${record.id}/members`, {user: user.value.trim()});
    await reload();
  }, ...field('Add member', user), h('button', {type: 'submit', class: 'secondary'}, 'Add')), status];
}

async function optionsSection(record, chosen, reload) {
  const parts = [chosen.length === 0 ? message('No option chosen yet.') : table(null, [
    {label: 'option', value: (o) => o.name},
    {label: 'category', value: (o) => o.category},
    {label: 'note', value: (o) => o.note},
    {label: 'state', value: (o) => o.state},
    {label: 'chosen', value: (o) => `${date(o.chosen_at)} by ${o.chosen_by}`},
  ], chosen, {id: 'case-options'})];
  if (may('case:update') && may('option:read') && record.status !== 'closed') {
    const catalogue = (await get('/options')).options ?? [];
    const taken = new Set(chosen.map((o) => o.option_id));
    const status = h('div', {'aria-live': 'polite'});
    const option = h('select', {id: 'case-option', required: true},
      catalogue.filter((o) => !taken.has(o.id)).map((o) =>
        h('option', {value: o.id, title: o.description}, `${o.category_title}: ${o.name} (about ${o.lead_time_days} days)`)));
    const note = h('input', {id: 'case-option-note', size: 40, placeholder: 'optional note'});
    parts.push(actionForm({class: 'inline', id: 'choose-option'}, status, async () => {
      await post(`/cases/${record.id}/options`, {option_id: Number(option.value), note: note.value.trim() || undefined});
      await reload();
    }, ...field('Option', option), ...field('Note', note), h('button', {type: 'submit'}, 'Add option')), status);
  }
  return section('Preventive options', parts);
}

function taskActions(task, reload, status) {
  const act = (path, body) => async () => {
    status.replaceChildren();
    try {
      await post(`/tasks/${task.id}/${path}`, body);
      await reload();
    } catch (error) {
      status.replaceChildren(message(error.message, 'error'));
    }
  };
  if (!may('task:update') || task.status === 'done' || task.status === 'cancelled') return '';
  const buttons = [];
  if (task.status === 'open' && task.owner_organisation_id === session.user.organisation_id) {
    buttons.push(h('button', {type: 'button', class: 'secondary', onclick: act('acknowledge', {})}, 'Acknowledge'));
  }
  if (may('case:update') || session.user.roles.includes('case officer')) {
    buttons.push(h('button', {type: 'button', class: 'secondary', onclick: act('completion', {status: 'done'})}, 'Done'));
  }
  return buttons;
}

export function tasksTable(tasks, reload, status, attributes = {}) {
  return table(null, [
    {label: 'task', value: (t) => t.title},
    {label: 'case', value: (t) => h('a', {href: `#/cases/${t.case_id}`}, `case ${t.case_id}`)},
    {label: 'option', value: (t) => t.option ?? '–'},
    {label: 'owner', value: (t) => `${t.owner_organisation}${t.owner ? ` · ${t.owner}` : ''}`},
    {label: 'due', value: (t) => [date(t.due_at), t.overdue ? h('span', {class: 'overdue'}, ' overdue') : null,
      t.escalated_to ? h('span', {class: 'note'}, ` · escalated to ${t.escalated_to}`) : null]},
    {label: 'status', value: (t) => t.status},
    {label: '', value: (t) => taskActions(t, reload, status)},
  ], tasks, {...attributes, rowClass: (t) => (t.overdue ? 'overdue' : null)});
}

function tasksSection(record, tasks, chosen, reload) {
  const status = h('div', {'aria-live': 'polite'});
  const parts = [tasks.length === 0 ? message('No task yet.') : tasksTable(tasks, reload, status, {id: 'case-tasks'}), status];
  if (may('task:create') && record.status !== 'closed') {
    const formStatus = h('div', {'aria-live': 'polite'});
    const title = h('input', {id: 'task-title', required: true, size: 40});
    const option = h('select', {id: 'task-option'}, h('option', {value: ''}, 'none'),
      chosen.map((o) => h('option', {value: o.id}, o.name)));
    const organisation = h('input', {id: 'task-organisation', required: true, size: 24, placeholder: 'organisation name'});
    const owner = h('input', {id: 'task-owner', size: 16, placeholder: 'optional login'});
    const due = h('input', {id: 'task-due', type: 'date', required: true});
    const shares = shareInput('task-shares');
    parts.push(h('h3', {}, 'New task'), actionForm({class: 'stacked', id: 'new-task'}, formStatus, async () => {
      await post('/tasks', {
        case_id: record.id,
        case_option_id: option.value ? Number(option.value) : undefined,
        title: title.value.trim(),
        owner_organisation: organisation.value.trim(),
        owner_user: owner.value.trim() || undefined,
        due_at: due.value,
        shared_with: names(shares),
      });
      await reload();
    }, field('Title', title), field('Carries out', option), field('Owner organisation', organisation),
    field('Owner', owner), field('Due', due), field('Also shared with', shares), h('button', {type: 'submit'}, 'Add task')), formStatus);
  }
  return section('Tasks', parts);
}

function decisionsSection(record, decisions, reload) {
  const parts = [decisions.length === 0 ? message('No decision recorded.') : table(null, [
    {label: 'decided', value: (d) => date(d.decided_at)},
    {label: 'what', value: (d) => d.what},
    {label: 'who', value: (d) => d.who},
    {label: 'why', value: (d) => d.why},
    {label: 'signals', value: (d) => d.signals.map((s) => `${s.kind} ${s.id}`).join(', ') || '–'},
    {label: 'shared with', value: (d) => d.shared_with_names?.join(', ') || '–'},
  ], decisions, {id: 'case-decisions'})];
  if (may('decision:create') && record.status !== 'closed') {
    const status = h('div', {'aria-live': 'polite'});
    const what = h('input', {id: 'decision-what', required: true, size: 40});
    const who = h('input', {id: 'decision-who', required: true, size: 30, placeholder: 'a person or a body'});
    const why = h('textarea', {id: 'decision-why', required: true, rows: 2, cols: 50});
    const signals = h('input', {id: 'decision-signals', size: 30, placeholder: 'e.g. alert:3, forecast:1'});
    const shares = shareInput('decision-shares');
    parts.push(h('h3', {}, 'Record a decision'), actionForm({class: 'stacked', id: 'new-decision'}, status, async () => {
      await post('/decisions', {
        case_id: record.id, what: what.value.trim(), who: who.value.trim(), why: why.value.trim(),
        signals: signals.value.split(',').map((s) => s.trim()).filter(Boolean),
        shared_with: names(shares),
      });
      await reload();
    }, field('What', what), field('Who decided', who), field('Why', why), field('Signals on the table', signals),
    field('Shared with', shares), h('button', {type: 'submit'}, 'Record decision')), status);
  }
  return section('Decisions', parts);
}

export async function casePage(id) {
  const page = h('div', {class: 'page'});
  async function reload() {
    let record;
    try {
      record = await get(`/cases/${id}`);
    } catch (error) {
      if (error.status !== 404) throw error;
      page.replaceChildren(h('h1', {}, 'Case not found'),
        message('There is no such case, or you are not a member of it.'), h('p', {}, h('a', {href: '#/cases'}, 'All cases')));
      return;
    }
    const [chosen, tasks, decisions] = await Promise.all([
      get(`/cases/${id}/options`).then((a) => a.options ?? []),
      may('task:read') ? get(`/tasks${query({case: id})}`).then((a) => a.tasks ?? []) : [],
      may('decision:read') ? get(`/decisions${query({case: id})}`).then((a) => a.decisions ?? []) : [],
    ]);
    page.replaceChildren();
    append(page, [
      h('h1', {id: 'case-title-heading'}, record.title),
      h('p', {class: 'lede'}, h('a', {href: `#/country/${record.gw}`}, record.country), record.admin1 ? `, ${record.admin1}` : '',
        ` · ${record.status} · ${record.label} · lead ${record.lead ?? '–'} (${record.lead_organisation}) · opened ${date(record.opened_at)}`,
        record.origin_alert_id ? [' · prompted by ', h('a', {href: `#/alerts?id=${record.origin_alert_id}`}, `alert ${record.origin_alert_id}`)] : ''),
      h('p', {}, `Members: ${record.members.join(', ')}`,
        record.shared_with_names?.length ? ` · shared with ${record.shared_with_names.join(', ')}` : ''),
      statusForm(record, reload), memberForm(record, reload),
      await optionsSection(record, chosen, reload),
      may('task:read') ? tasksSection(record, tasks, chosen, reload) : null,
      may('decision:read') ? decisionsSection(record, decisions, reload) : null,
      section('Timeline', timelineView(record.timeline ?? [])),
    ]);
  }
  await reload();
  return page;
}
