// Queues: their settings and depth; operators pause and resume them, admins change their settings.

import { calls } from '../api.js';
import { attempt, h } from '../dom.js';
import { subscribe } from '../events.js';
import { mayAdminister, mayOperate } from '../session.js';

const EDITABLE = ['description', 'maxConcurrent', 'priority', 'maxRetries', 'retryBaseDelay', 'retryMaxDelay',
  'defaultTimeout', 'rateLimit'];
const NUMBERS = new Set(['maxConcurrent', 'priority', 'maxRetries']);

function settingsForm(queue, done) {
  const inputs = EDITABLE.map((field) => [field, h('input', { name: field, value: queue[field] ?? '',
    type: NUMBERS.has(field) ? 'number' : 'text' })]);
  return h('form', { class: 'settings', onsubmit: async (e) => {
    e.preventDefault();
    const changes = {};
    for (const [field, input] of inputs) {
      const value = input.value.trim();
      if (value === String(queue[field] ?? '')) continue;
      changes[field] = NUMBERS.has(field) ? Number(value) : value || null;
    }
    if (await attempt(() => calls.updateQueue(queue.name, changes), `Queue ${queue.name} saved`)) done();
  } },
  inputs.map(([field, input]) => h('label', {}, h('span', {}, field), input)),
  h('div', { class: 'row-actions' }, h('button', { type: 'submit' }, 'Save'),
    h('button', { type: 'button', class: 'quiet', onclick: done }, 'Close')));
}

function row(queue, stats, reload) {
  const actions = [];
  if (mayOperate()) {
    actions.push(queue.paused
      ? h('button', { onclick: () => attempt(() => calls.resumeQueue(queue.name), `Queue ${queue.name} resumed`)
        .then(reload) }, 'Resume')
      : h('button', { class: 'quiet', onclick: () => attempt(() => calls.pauseQueue(queue.name),
        `Queue ${queue.name} paused`).then(reload) }, 'Pause'));
  }
  const editor = h('td', { colspan: 9, class: 'editor', hidden: true });
  if (mayAdminister()) {
    actions.push(h('button', { class: 'quiet', onclick: () => {
      editor.hidden = !editor.hidden;
      editor.replaceChildren(settingsForm(queue, reload));
    } }, 'Settings'));
  }
  return [
    h('tr', { dataset: { queue: queue.name } },
      h('td', {}, h('a', { href: `#/tasks?queue=${encodeURIComponent(queue.name)}` }, queue.name),
        h('div', { class: 'muted small' }, queue.description ?? '')),
      h('td', {}, queue.paused ? h('span', { class: 'badge s-paused' }, 'PAUSED') : h('span', { class:
        'badge s-running' }, 'ACTIVE')),
      h('td', { class: 'num' }, stats?.queueLength ?? '–'),
      h('td', { class: 'num' }, `${stats?.runningNow ?? '–'} / ${queue.maxConcurrent}`),
      h('td', { class: 'num' }, queue.priority),
      h('td', {}, `${queue.maxRetries} × ${queue.retryBaseDelay}…${queue.retryMaxDelay}`),
      h('td', {}, queue.defaultTimeout ?? '–'),
      h('td', {}, queue.rateLimit ?? '–'),
      h('td', { class: 'actions' }, actions)),
    h('tr', { class: 'editor-row' }, editor),
  ];
}

export function queues(root) {
  const body = h('tbody');
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Queues')),
    h('section', { class: 'card' }, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ['Queue', 'State', 'Waiting', 'Running', 'Priority', 'Retries', 'Timeout',
        'Rate limit', ''].map((t) => h('th', {}, t)))), body)));
  let closed = false;
  const reload = async () => {
    const list = await calls.queues();
    const stats = await Promise.all(list.map((q) => calls.queueStats(q.name).catch(() => null)));
    if (!closed) body.replaceChildren(...list.flatMap((q, i) => row(q, stats[i], reload)));
  };
  let pending = null;
  // Changes refresh the depths, but not under an admin's hands while a settings form is open.
  const unsubscribe = subscribe(() => {
    pending ??= setTimeout(() => {
      pending = null;
      if (!root.querySelector('td.editor:not([hidden])')) reload();
    }, 2000);
  });
  reload();
  return () => {
    closed = true;
    unsubscribe();
    clearTimeout(pending);
  };
}
