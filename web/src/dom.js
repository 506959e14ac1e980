// Building DOM nodes from data. Text always goes in as text nodes, never as
// HTML, so stored text such as "<script>" is shown, not run.

// h('a', {href: '#/map', class: 'x', onclick: fn}, 'text', child, ...)
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function percent(probability, digits = 1) {
  return probability === null || probability === undefined ? '–' : `${(probability * 100).toFixed(digits)}%`;
}

export function signedPoints(change) {
  if (change === null || change === undefined) return '–';
  const points = change * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`;
}

export function date(text) {
  return text ? text.replace('T', ' ').replace(/:\d\dZ$/, ' UTC').replace(/Z$/, ' UTC') : '–';
}

// A table from rows: columns = [{label, value: row => node|text, numeric}];
// attributes.rowClass(row) may name a class for a row (e.g. 'overdue').
export function table(caption, columns, rows, attributes = {}) {
  const {rowClass, ...tableAttributes} = attributes;
  return h('table', tableAttributes,
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col', class: c.numeric ? 'num' : null}, c.label)))),
    h('tbody', {}, rows.map((row) =>
      h('tr', {class: rowClass ? rowClass(row) : null}, columns.map((c) => h('td', {class: c.numeric ? 'num' : null}, c.value(row)))))));
}

// A labelled form control: [label, control] for a stacked form.
export function field(label, control) {
  return [h('label', {for: control.id}, label), control];
}

// A form whose submission runs `action` and reports its error in `status`
// (the server's message); the form stays filled in when the action fails.
export function actionForm(attributes, status, action, ...children) {
  return h('form', {...attributes, onsubmit: async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const button = event.target.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      await action();
    } catch (error) {
      status.replaceChildren(message(error.message, 'error'));
    } finally {
      if (button) button.disabled = false;
    }
  }}, ...children);
}

// The labels a user may give a record: those up to their own clearance.
const LABELS = ['public', 'restricted', 'confidential', 'strictly confidential'];
export function labelsUpTo(clearance) {
  return LABELS.slice(0, LABELS.indexOf(clearance) + 1);
}

export function section(title, ...children) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', {'aria-labelledby': id}, h('h2', {id}, title), ...children);
}

export function message(text, kind = 'note') {
  return h('p', {class: kind, role: kind === 'error' ? 'alert' : null}, text);
}
