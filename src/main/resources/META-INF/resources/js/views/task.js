// One task: its fields, the snapshots seen while the page is open, its log (live), its error with the catalogue's
// suggestions, and the actions the caller's roles allow.

import { calls } from '../api.js';
import { attempt, FINAL, h, progressBar, statusBadge, time } from '../dom.js';
import { subscribe } from '../events.js';
import { mayControl } from '../session.js';

const VERBS = [
  ['cancel', 'Cancel', (t) => !FINAL.has(t.status), 'danger'],
  ['pause', 'Pause', (t) => !FINAL.has(t.status) && t.status !== 'PAUSED', 'quiet'],
  ['resume', 'Resume', (t) => t.status === 'PAUSED', ''],
  ['retry', 'Retry', (t) => ['FAILED', 'CANCELLED', 'TIMEOUT'].includes(t.status), ''],
];

function field(label, value) {
  return [h('dt', {}, label), h('dd', {}, value ?? '–')];
}

function details(task) {
  return h('dl', { class: 'fields' },
    field('Type', task.type), field('Queue', task.queue), field('Priority', task.priority),
    field('Attempt', `${task.attempt} (max retries ${task.maxRetries})`), field('Step', task.currentStep),
    field('Worker', task.workerId), field('Submitted by', task.submittedBy), field('Tags', task.tags.join(', ')),
    field('Created', time(task.createdAt)), field('Started', time(task.startedAt)),
    field('Finished', time(task.finishedAt)), field('Next retry', time(task.nextRetryAt)),
    field('Version', task.version));
}

function errorBox(error, catalogue) {
  if (!error) return null;
  const suggestions = [...new Set([...(error.suggestions ?? []), ...(catalogue?.suggestions ?? [])])];
  return h('section', { class: 'card error-box', id: 'error' },
    h('h2', {}, 'Error ', h('code', {}, error.code), error.retryable ? h('span', { class: 'muted small' },
      ' retryable') : null),
    h('p', {}, error.message),
    catalogue ? h('p', { class: 'muted' }, catalogue.description) : null,
    Object.keys(error.context ?? {}).length ? h('dl', { class: 'fields' },
      Object.entries(error.context).flatMap(([k, v]) => field(k, v))) : null,
    suggestions.length ? h('div', {}, h('h3', {}, 'Suggestions'),
      h('ul', { class: 'suggestions' }, suggestions.map((s) => h('li', {}, s)))) : null);
}

export function taskPage(root, id) {
  const head = h('div', { class: 'page-head' });
  const main = h('div', { class: 'task-main' });
  const snapshots = h('tbody');
  const log = h('pre', { class: 'log', id: 'log' });
  root.append(head, main, h('div', { class: 'grid2' },
    h('section', { class: 'card' }, h('h2', {}, 'Log'), log),
    h('section', { class: 'card' }, h('h2', {}, 'Snapshots'), h('table', { class: 'list', id: 'snapshots' },
      h('thead', {}, h('tr', {}, ['Version', 'Status', 'Progress', 'Step', 'At'].map((t) => h('th', {}, t)))),
      snapshots))));

  let task = null;
  let closed = false;
  const codes = new Map();
  const render = async (next) => {
    if (task && task.version >= next.version) return;
    task = next;
    snapshots.prepend(h('tr', {}, h('td', { class: 'num' }, next.version), h('td', {}, statusBadge(next.status)),
      h('td', {}, `${next.progress}%`), h('td', {}, next.currentStep ?? ''), h('td', {}, time(next.updatedAt))));
    const code = next.error?.code;
    if (code && !codes.has(code)) codes.set(code, await calls.errorCode(code).catch(() => null));
    if (closed || task !== next) return;
    const actions = mayControl(next) ? VERBS.filter(([, , allowed]) => allowed(next)).map(([verb, label, , kind]) =>
      h('button', { class: kind, dataset: { action: verb }, onclick: () => attempt(async () => {
        const answered = await calls.control(next.id, verb);
        if (answered?.id === next.id) render(answered);
      }, `${label}: sent`) }, label)) : [];
    head.replaceChildren(h('h1', {}, 'Task ', h('code', { class: 'small' }, next.id)), statusBadge(next.status),
      h('div', { class: 'actions', id: 'actions' }, actions));
    main.replaceChildren(...[h('section', { class: 'card' }, h('div', { class: 'progress-line' }, progressBar(next),
      h('span', {}, `${next.progress}%`)), details(next)), errorBox(next.error, codes.get(code)),
    next.result !== null && next.result !== undefined ? h('section', { class: 'card' }, h('h2', {}, 'Result'),
      h('pre', { class: 'log' }, typeof next.result === 'string' ? next.result : JSON.stringify(next.result, null, 2)))
      : null].filter(Boolean));
  };
  const readLog = () => calls.logs(id).then((logs) => {
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.textContent = logs.lines.join('\n') || '(no output yet)';
    if (atBottom) log.scrollTop = log.scrollHeight;
  }).catch(() => {});
  const unsubscribe = subscribe((changed) => {
    if (changed.id !== id) return;
    if (changed.deleted) head.append(h('p', { class: 'message' }, 'This task was deleted.'));
    else render(changed).then(readLog);
  });
  // Log lines are not events: read them again while the task may still write some.
  const timer = setInterval(() => task && !FINAL.has(task.status) && readLog(), 1000);
  calls.task(id).then(render).then(readLog).catch((e) => {
    head.replaceChildren(h('h1', {}, 'Task not found'), h('p', { class: 'message' }, e.message));
  });
  return () => {
    closed = true;
    unsubscribe();
    clearInterval(timer);
  };
}
