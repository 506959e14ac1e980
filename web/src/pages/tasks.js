// Tasks due: every task the user may see, soonest due first, overdue ones
// highlighted, with acknowledge and done where the user's roles permit.
import {get, query} from '../api.js';
import {h, message} from '../dom.js';
import {tasksTable} from './cases.js';

export async function tasksPage() {
  const onlyOverdue = h('input', {id: 'tasks-overdue', type: 'checkbox'});
  const showFinished = h('input', {id: 'tasks-finished', type: 'checkbox'});
  const list = h('div', {id: 'tasks-list'});
  const status = h('div', {'aria-live': 'polite'});
  async function reload() {
    const tasks = ((await get(`/tasks${query({overdue: onlyOverdue.checked ? 'true' : undefined})}`)).tasks ?? [])
      .filter((t) => showFinished.checked || (t.status !== 'done' && t.status !== 'cancelled'))
      .sort((a, b) => a.due_at.localeCompare(b.due_at));
    const overdue = tasks.filter((t) => t.overdue).length;
    list.replaceChildren(
      h('p', {class: 'headline', id: 'tasks-summary'}, `${tasks.length} task(s), ${overdue} overdue.`),
      tasks.length === 0 ? message('No task to show.') : tasksTable(tasks, reload, status, {id: 'tasks-table'}));
  }
  onlyOverdue.addEventListener('change', reload);
  showFinished.addEventListener('change', reload);
  await reload();
  return h('div', {class: 'page'}, h('h1', {}, 'Tasks due'),
    h('p', {class: 'lede'}, 'Preventive options put into motion, across organisations. A task still open after its due date is escalated to its case lead.'),
    h('div', {class: 'controls'}, onlyOverdue, h('label', {for: onlyOverdue.id}, 'Only overdue'),
      showFinished, h('label', {for: showFinished.id}, 'Show done and cancelled')),
    status, list);
}
