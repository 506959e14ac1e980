import {h, message} from '../dom.js';
export async function tasksPage() {
  return h('div', {class: 'page'}, h('h1', {}, 'Tasks due'), message('Coming with the response workflow.'));
}
