// Small helpers for building the page: elements, formats, status badges, progress bars, toasts.

/** An element: h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more children]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

export const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT']);
export const STATUSES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT'];

export function statusBadge(status) {
  return h('span', { class: `badge s-${status.toLowerCase()}` }, status);
}

export function progressBar(task) {
  const value = Math.max(0, Math.min(100, task.progress ?? 0));
  return h('span', { class: 'progress', role: 'progressbar', 'aria-valuenow': value, title: `${value}%` },
    h('span', { class: 'fill', style: `width:${value}%` }));
}

export function time(instant) {
  if (!instant) return '';
  const d = new Date(instant);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function ago(instant) {
  if (!instant) return '';
  const s = Math.round((Date.now() - new Date(instant).getTime()) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export function ms(value) {
  if (value === null || value === undefined) return '–';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? '–' : `${(ratio * 100).toFixed(1)} %`;
}

/** The end of a task id: ids are UUIDv7, whose first characters are the time and alike for a burst. */
export function shortId(id) {
  return `…${id.slice(-10)}`;
}

/** Shows a short message at the bottom of the page; kind 'error' for refusals. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  const item = h('div', { class: `toast ${kind}` }, message);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** Runs an action, reports its refusal as a toast, and answers whether it succeeded. */
export async function attempt(action, done) {
  try {
    await action();
    if (done) toast(done);
    return true;
  } catch (e) {
    toast(e.message, 'error');
    return false;
  }
}
