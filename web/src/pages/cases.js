import {h, message} from '../dom.js';
export async function casesPage() {
  return h('div', {class: 'page'}, h('h1', {}, 'Cases'), message('Coming with the response workflow.'));
}
export async function casePage() {
  return casesPage();
}
