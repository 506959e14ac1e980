// The alerts inbox: filter, open an alert's explanation, take ownership, decide
// with a reason; new alerts and changes arrive live from the event stream.
import {get, post, query} from '../api.js';
import {date, h, message, table} from '../dom.js';
import {may, session} from '../session.js';

const STATES = ['new', 'acknowledged', 'decided'];
const DECISIONS = ['escalate', 'monitor', 'dismiss'];

function explanationView(alert) {
  const explanation = alert.explanation ?? {};
  const events = explanation.largest_events ?? explanation.events ?? explanation.contributing_events ?? [];
  return h('div', {class: 'explanation'},
    h('p', {}, explanation.reason ?? `${alert.rule} fired on ${alert.series}.`),
    h('p', {}, `Observed ${alert.observed} against ${Number(alert.expected).toFixed(1)} expected (statistic ${Number(alert.statistic).toFixed(2)}), ${alert.window_start} – ${alert.window_end}.`),
    events.length === 0 ? null : table('Largest contributing events', [
      {label: 'date', value: (e) => e.date},
      {label: 'place', value: (e) => e.admin1 ?? e.place ?? ''},
      {label: 'fatalities', value: (e) => e.fatalities ?? e.best ?? '', numeric: true},
      {label: 'source', value: (e) => `${e.source ?? ''} ${e.source_id ?? ''}`},
    ], events));
}

function triageForm(alert, reload, status) {
  const run = (action) => async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await action();
      await reload(alert.id);
    } catch (error) {
      status.replaceChildren(message(error.message, 'error'));
    }
  };
  if (!may('alert:update')) return null;
  if (alert.state === 'new') {
    const note = h('input', {id: `note-${alert.id}`, name: 'note', placeholder: 'optional note'});
    return h('form', {class: 'inline', onsubmit: run(() => post(`/alerts/${alert.id}/acknowledge`, {owner: session.user.name, note: note.value || undefined}))},
      h('label', {for: note.id}, 'Note'), note, h('button', {type: 'submit'}, 'Take ownership'));
  }
  if (alert.state === 'acknowledged') {
    const choice = h('select', {id: `decision-${alert.id}`, name: 'decision'}, DECISIONS.map((d) => h('option', {value: d}, d)));
    const reason = h('input', {id: `reason-${alert.id}`, name: 'reason', required: true, size: 40});
    return h('form', {class: 'inline', onsubmit: run(() => post(`/alerts/${alert.id}/decision`, {decision: choice.value, reason: reason.value}))},
      h('label', {for: choice.id}, 'Decision'), choice, h('label', {for: reason.id}, 'Reason'), reason, h('button', {type: 'submit'}, 'Decide'));
  }
  return null;
}

export async function alertsPage() {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const stateSelect = h('select', {id: 'alert-state'}, h('option', {value: ''}, 'any state'), STATES.map((s) => h('option', {value: s}, s)));
  const countryInput = h('input', {id: 'alert-country', placeholder: 'ISO3 or GW number', size: 12});
  const list = h('div', {id: 'alert-list'});
  const detail = h('div', {id: 'alert-detail', 'aria-live': 'polite'});
  const live = h('p', {class: 'note', id: 'alert-live'}, 'Connecting to live updates…');
  let selected = params.get('id') ? Number(params.get('id')) : null;

  async function showDetail(id) {
    selected = id;
    const status = h('div', {});
    const alert = await get(`/alerts/${id}`);
    // Parts that do not apply are null; replaceChildren would print them as "null".
    detail.replaceChildren(...[h('h2', {}, `Alert ${alert.id}: ${alert.rule} in ${alert.country?.name ?? ''}${alert.admin1 ? `, ${alert.admin1}` : ''}`),
      h('p', {}, h('span', {class: 'badge'}, alert.severity), ' ', h('strong', {id: 'alert-state-now'}, alert.state),
        alert.owner ? ` · owner ${alert.owner}` : '', alert.decision ? ` · decided: ${alert.decision} (${alert.decision_reason})` : '',
        ` · triage due ${date(alert.triage_due)}`),
      alert.withdrawn_at ? h('p', {class: 'note', id: 'alert-withdrawn'},
        `Withdrawn ${date(alert.withdrawn_at)}: ${alert.withdrawn_reason}. Its figures are as they last stood.`) : null,
      explanationView(alert),
      triageForm(alert, async (again) => { await reloadList(); await showDetail(again); }, status), status,
      (alert.transitions ?? []).length === 0 ? null : h('ol', {class: 'timeline'}, alert.transitions.map((t) =>
        h('li', {}, h('time', {}, date(t.at)), `${t.state} by ${t.actor}${t.note ? `: ${t.note}` : ''}`)))]
      .filter((part) => part !== null));
  }

  async function reloadList() {
    const answer = await get(`/alerts${query({state: stateSelect.value, country: countryInput.value.trim(), limit: 200})}`);
    const alerts = answer.alerts ?? [];
    const caption = answer.more
      ? `The ${alerts.length} most severe alerts; more match: narrow by state or country to see the others`
      : `${alerts.length} alerts`;
    list.replaceChildren(alerts.length === 0 ? message('No alerts match.') : table(caption, [
      {label: 'raised', value: (a) => date(a.raised_at)},
      {label: 'country', value: (a) => (a.country ? h('a', {href: `#/country/${a.country.gw}`}, a.country.name) : '')},
      {label: 'rule', value: (a) => a.rule},
      {label: 'severity', value: (a) => a.severity},
      {label: 'window', value: (a) => `${a.window_start} – ${a.window_end}`},
      {label: 'state', value: (a) => (a.withdrawn_at ? `${a.state}, withdrawn` : a.state)},
      {label: '', value: (a) => h('button', {type: 'button', class: 'secondary', 'data-alert': a.id, onclick: () => showDetail(a.id)}, 'Open')},
    ], alerts, {id: 'alerts-table'}));
  }

  stateSelect.addEventListener('change', reloadList);
  const filters = h('form', {class: 'controls', onsubmit: (e) => { e.preventDefault(); reloadList(); }},
    h('label', {for: 'alert-state'}, 'State'), stateSelect,
    h('label', {for: 'alert-country'}, 'Country'), countryInput,
    h('button', {type: 'submit', class: 'secondary'}, 'Filter'));
  await reloadList();
  if (selected) await showDetail(selected).catch(() => detail.replaceChildren(message('That alert is not one you may see.')));

  // Live: the change stream sends alert changes the user may read.
  const stream = new EventSource('/api/v1/stream');
  stream.addEventListener('open', () => { live.textContent = 'Live: new alerts and changes appear here as they happen.'; });
  // The stream names its events ("event: change"), which never reach 'message'.
  stream.addEventListener('change', async (event) => {
    const change = JSON.parse(event.data);
    if (change.resource !== 'alert') return;
    live.textContent = `Updated ${new Date().toLocaleTimeString()}: alert ${change.id} ${change.action}.`;
    await reloadList();
    // Not under a user who is filling in the triage form: their reason would be lost.
    const typing = [...detail.querySelectorAll('input, textarea')].some((field) => field.value !== '');
    if (selected === change.id && !typing) await showDetail(selected);
  });
  stream.addEventListener('error', () => { live.textContent = 'Live updates paused; retrying…'; });

  return {
    node: h('div', {class: 'page'}, h('h1', {}, 'Alerts'),
      h('p', {class: 'lede'}, 'Escalation alerts raised by the detectors from event data, with their explanation. Take ownership, then decide: escalate, monitor or dismiss, with a reason.'),
      filters, live, h('div', {class: 'board'}, list, detail)),
    teardown: () => stream.close(),
  };
}
