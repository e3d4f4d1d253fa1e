// Recurring tasks: their cron, next fire times and last firing; operators pause, resume and delete them.

import { calls } from '../api.js';
import { attempt, h, statusBadge, time } from '../dom.js';
import { mayOperate } from '../session.js';

function row(s, reload) {
  const act = (label, call) => h('button', { class: label === 'Delete' ? 'danger' : 'quiet',
    dataset: { action: label.toLowerCase() }, onclick: () => attempt(call, `${label}: ${s.name}`).then(reload) },
  label);
  return h('tr', { dataset: { schedule: s.name } },
    h('td', {}, h('strong', {}, s.name), h('div', { class: 'muted small' }, `${s.task?.type ?? ''} → ${
      s.task?.queue ?? 'default'}`)),
    h('td', {}, h('code', {}, s.cron), h('div', { class: 'muted small' }, `${s.timeZone}, overlap ${s.overlap}`)),
    h('td', {}, s.paused ? h('span', { class: 'badge s-paused' }, 'PAUSED') : h('span', { class:
      'badge s-running' }, 'ACTIVE')),
    h('td', {}, (s.nextFireTimes ?? []).slice(0, 2).map((t) => h('div', {}, time(t)))),
    h('td', {}, time(s.lastFiredAt), s.lastTaskId ? h('div', {}, h('a', { href: `#/task/${s.lastTaskId}` },
      'last task '), s.lastTaskStatus ? statusBadge(s.lastTaskStatus) : null) : null,
    s.lastError ? h('div', { class: 'message small' }, s.lastError) : null),
    h('td', { class: 'actions' }, mayOperate() ? [
      s.paused ? act('Resume', () => calls.scheduleVerb(s.name, 'resume'))
        : act('Pause', () => calls.scheduleVerb(s.name, 'pause')),
      act('Delete', () => calls.deleteSchedule(s.name)),
    ] : []));
}

export function schedules(root) {
  const body = h('tbody');
  const empty = h('p', { class: 'muted empty', hidden: true }, 'No schedules. Create one with POST /api/schedules.');
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Schedules')),
    h('section', { class: 'card' }, h('table', { class: 'list', id: 'schedules' },
      h('thead', {}, h('tr', {}, ['Schedule', 'Cron', 'State', 'Next', 'Last firing', '']
        .map((t) => h('th', {}, t)))), body), empty));
  let closed = false;
  const reload = () => calls.schedules().then((list) => {
    if (closed) return;
    body.replaceChildren(...list.map((s) => row(s, reload)));
    empty.hidden = list.length > 0;
  }).catch(() => {});
  reload();
  // Fire times move on their own; a slow poll keeps them current without an event of their own.
  const timer = setInterval(reload, 10_000);
  return () => {
    closed = true;
    clearInterval(timer);
  };
}
