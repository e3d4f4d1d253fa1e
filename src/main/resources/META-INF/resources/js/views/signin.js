// The sign-in page: a token, kept in sessionStorage for this tab only and sent as a bearer token.

import { token } from '../api.js';
import { h } from '../dom.js';

export function signIn(root, { message, onToken }) {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'qm_…',
    required: true, 'aria-label': 'API token' });
  const form = h('form', { class: 'signin card', onsubmit: (e) => {
    e.preventDefault();
    token.set(input.value.trim());
    onToken();
  } },
  h('h1', {}, 'queuemgr'),
  h('p', { class: 'muted' }, 'Sign in with an API token (POST /api/tokens) or an OIDC access token.'),
  message ? h('p', { class: 'message', role: 'alert' }, message) : null,
  h('label', { for: 'token' }, 'Token'),
  input,
  h('button', { type: 'submit' }, 'Sign in'),
  h('p', { class: 'muted small' }, 'The token stays in this browser tab and is cleared when you sign out.'));
  root.replaceChildren(form);
  input.focus();
}
