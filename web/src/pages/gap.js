import {h, message} from '../dom.js';
export async function gapPage() {
  return h('div', {class: 'page'}, h('h1', {}, 'Warning→response gap'), message('Coming with the response workflow.'));
}
