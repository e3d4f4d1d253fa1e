// Task changes from GET /api/events, read with fetch() because EventSource cannot send the Authorization header.
// One stream serves every view; after a drop it resumes with Last-Event-ID, so no change is missed or repeated.

import { authHeaders } from './api.js';

const listeners = new Set();
const stateListeners = new Set();
let controller = null;
let lastEventId = null;
let retryMs = 500;

/** Calls fn(task) with each changed task until the returned function is called; a deleted task comes as
 * { id, deleted: true, queue?, type?, tags? }. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Calls fn('live' | 'connecting' | 'offline') whenever the stream's state changes. */
export function onState(fn) {
  stateListeners.add(fn);
}

function setState(state) {
  stateListeners.forEach((fn) => fn(state));
}

export function start() {
  if (controller) return;
  controller = new AbortController();
  run(controller.signal);
}

export function stop() {
  controller?.abort();
  controller = null;
  lastEventId = null;
  setState('offline');
}

async function run(signal) {
  while (!signal.aborted) {
    setState('connecting');
    try {
      await read(signal);
    } catch (e) {
      if (signal.aborted) return;
      console.warn('event stream dropped', e);
    }
    if (signal.aborted) return;
    setState('connecting');
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    retryMs = Math.min(retryMs * 2, 10_000);
  }
}

async function read(signal) {
  const headers = authHeaders({ Accept: 'text/event-stream' });
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const response = await fetch('/api/events', { headers, signal });
  if (!response.ok) throw new Error(`events answered ${response.status}`);
  setState('live');
  retryMs = 500;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      dispatch(parse(block));
    }
  }
}

/** One event of the text/event-stream format: its name, id and data lines; comments are dropped. */
export function parse(block) {
  const event = { name: 'message', id: null, data: [] };
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.name = value;
    else if (field === 'id') event.id = value;
    else if (field === 'data') event.data.push(value);
  }
  return event;
}

function dispatch(event) {
  if (event.id) lastEventId = event.id;
  // The service ends a watcher that fell behind; read() returns and run() resumes from lastEventId.
  if ((event.name !== 'task' && event.name !== 'deleted') || event.data.length === 0) return;
  const task = JSON.parse(event.data.join('\n'));
  listeners.forEach((fn) => fn(task));
}
