// Dead letters of every queue (FAILED or TIMEOUT for good): operators requeue them or discard them.

import { calls } from '../api.js';
import { attempt, h, shortId, statusBadge, time } from '../dom.js';
import { subscribe } from '../events.js';
import { mayOperate } from '../session.js';

function row(task, remove) {
  const act = (label, call, done) => h('button', { class: label === 'Discard' ? 'danger' : '', dataset: {
    action: label.toLowerCase() }, onclick: () => attempt(call, done).then((ok) => ok && remove()) }, label);
  return h('tr', { dataset: { taskId: task.id } },
    h('td', { class: 'mono' }, h('a', { href: `#/task/${task.id}`, title: task.id }, shortId(task.id))),
    h('td', {}, task.type), h('td', {}, task.queue), h('td', {}, statusBadge(task.status)),
    h('td', {}, h('code', {}, task.error?.code ?? ''), h('div', { class: 'muted small clip' }, task.error?.message ?? '')),
    h('td', { class: 'num' }, task.attempt), h('td', {}, time(task.finishedAt)),
    h('td', { class: 'actions' }, mayOperate() ? [
      act('Requeue', () => calls.requeue(task.queue, task.id), `Requeued ${shortId(task.id)}`),
      act('Discard', () => calls.discard(task.queue, task.id), `Discarded ${shortId(task.id)}`),
    ] : []));
}

export function deadLetters(root) {
  const body = h('tbody');
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No dead letters.');
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Dead letters')),
    h('section', { class: 'card' }, h('table', { class: 'list', id: 'dead' },
      h('thead', {}, h('tr', {}, ['Task', 'Type', 'Queue', 'Status', 'Error', 'Attempt', 'Failed', '']
        .map((t) => h('th', {}, t)))), body), empty));
  const rows = new Map();
  const drop = (id) => {
    rows.get(id)?.remove();
    rows.delete(id);
    empty.hidden = rows.size > 0;
  };
  const put = (task) => {
    const el = row(task, () => drop(task.id));
    if (rows.has(task.id)) rows.get(task.id).replaceWith(el);
    else body.prepend(el);
    rows.set(task.id, el);
    empty.hidden = true;
  };
  // A task that fails for good appears; one requeued elsewhere (or by the CLI) leaves.
  const unsubscribe = subscribe((task) => {
    if (task.status === 'FAILED' || task.status === 'TIMEOUT') put(task);
    else drop(task.id);
  });
  calls.deadLetters().then((page) => {
    page.items.slice().reverse().forEach(put);
    empty.hidden = rows.size > 0;
  }).catch(() => {});
  return unsubscribe;
}
