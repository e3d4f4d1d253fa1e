// Tasks: filtered by queue, status and type, found by id, each row following its task live.

import { calls } from '../api.js';
import { h, progressBar, shortId, statusBadge, STATUSES, time } from '../dom.js';
import { subscribe } from '../events.js';
import { go } from '../router.js';

const PAGE = 50;

function matches(task, filters) {
  return (!filters.queue || task.queue === filters.queue) && (!filters.status || task.status === filters.status)
    && (!filters.type || task.type === filters.type);
}

function row(task) {
  return h('tr', { dataset: { taskId: task.id, status: task.status } },
    h('td', { class: 'mono' }, h('a', { href: `#/task/${task.id}`, title: task.id }, shortId(task.id))),
    h('td', {}, task.type), h('td', {}, task.queue),
    h('td', { class: 'status' }, statusBadge(task.status)),
    h('td', { class: 'progress-cell' }, progressBar(task), h('span', { class: 'muted small' }, task.currentStep ?? '')),
    h('td', { class: 'num' }, task.attempt), h('td', {}, time(task.createdAt)), h('td', {}, time(task.updatedAt)));
}

function select(name, value, options) {
  return h('select', { name }, h('option', { value: '' }, `any ${name}`),
    options.map((o) => h('option', { value: o, selected: o === value }, o)));
}

export function tasks(root, queryText = '') {
  const filters = Object.fromEntries(new URLSearchParams(queryText));
  const shown = new Map();
  const body = h('tbody');
  const more = h('button', { class: 'quiet', hidden: true }, 'More');
  const queueSelect = select('queue', filters.queue, filters.queue ? [filters.queue] : []);
  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const chosen = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    if (chosen.id) go(`#/task/${chosen.id.trim()}`);
    else go(`#/tasks?${new URLSearchParams(chosen)}`);
  } },
  queueSelect, select('status', filters.status, STATUSES),
  h('input', { name: 'type', placeholder: 'type', value: filters.type ?? '' }),
  h('button', { type: 'submit' }, 'Filter'),
  h('input', { name: 'id', class: 'search', placeholder: 'task id', 'aria-label': 'task id' }));
  calls.queues().then((list) => queueSelect.replaceChildren(h('option', { value: '' }, 'any queue'),
    list.map((q) => h('option', { value: q.name, selected: q.name === filters.queue }, q.name)))).catch(() => {});

  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Tasks'), form),
    h('section', { class: 'card' }, h('table', { class: 'list', id: 'tasks' },
      h('thead', {}, h('tr', {}, ['Task', 'Type', 'Queue', 'Status', 'Progress', 'Attempt', 'Created', 'Updated']
        .map((t) => h('th', {}, t)))), body), more));

  // A change replaces the row only when it is newer: a page read and the stream may cross.
  const put = (task, atTop) => {
    const known = shown.get(task.id);
    if (known && known.task.version >= task.version) return;
    if (task.deleted || !matches(task, filters)) {
      known?.el.remove();
      shown.delete(task.id);
      return;
    }
    const el = row(task);
    if (known) known.el.replaceWith(el);
    else if (atTop) body.prepend(el);
    else body.append(el);
    shown.set(task.id, { task, el });
  };
  const unsubscribe = subscribe((task) => put(task, true));
  let cursor;
  const load = async () => {
    const page = await calls.tasks({ ...filters, limit: PAGE, cursor });
    page.items.forEach((task) => put(task, false));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', load);
  load();
  return unsubscribe;
}
