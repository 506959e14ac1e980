import {logIn} from '../api.js';
import {h, message} from '../dom.js';

export function loginPage(onSignedIn) {
  const status = h('div', {id: 'login-status', 'aria-live': 'assertive'});
  const name = h('input', {id: 'login-name', name: 'name', autocomplete: 'username', required: true});
  const password = h('input', {id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const form = h('form', {class: 'login', onsubmit: async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      const answer = await logIn(name.value, password.value);
      await onSignedIn(answer.user);
    } catch (error) {
      status.replaceChildren(message(error.message, 'error'));
      password.value = '';
      password.focus();
    }
  }},
  h('label', {for: 'login-name'}, 'User name'), name,
  h('label', {for: 'login-password'}, 'Password'), password,
  h('button', {type: 'submit'}, 'Log in'),
  status);
  return h('div', {class: 'page narrow'},
    h('h1', {}, 'Log in to Tocsin'),
    h('p', {}, 'Accounts are made by an administrator (`tocsin user add`). Your organisation, role and clearance decide what you see.'),
    form);
}
