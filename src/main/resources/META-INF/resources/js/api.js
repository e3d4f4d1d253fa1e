// The REST client: every call carries the signed-in token; a refusal becomes an ApiError with the problem's detail.

const TOKEN_KEY = 'queuemgr.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A refused call: the HTTP status and the RFC 9457 problem the service answered (title, detail, errors). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// Called on 401 so that a revoked or expired token leads back to the sign-in page; main.js sets it.
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export function authHeaders(extra = {}) {
  return { Authorization: `Bearer ${token.get()}`, ...extra };
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = authHeaders({ Accept: 'application/json' });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, data);
  }
  return data;
}

/** Query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

/** The calls the views make, named after what they do. */
export const calls = {
  me: () => api('/api/me'),
  stats: () => api('/api/stats'),
  queues: () => api('/api/queues'),
  queueStats: (queue) => api(`/api/queues/${enc(queue)}/stats`),
  updateQueue: (queue, changes) => api(`/api/queues/${enc(queue)}`, { method: 'PUT', body: changes }),
  pauseQueue: (queue) => api(`/api/queues/${enc(queue)}/pause`, { method: 'POST' }),
  resumeQueue: (queue) => api(`/api/queues/${enc(queue)}/resume`, { method: 'POST' }),
  tasks: (filters) => api(`/api/tasks${query(filters)}`),
  task: (id) => api(`/api/tasks/${enc(id)}`),
  logs: (id) => api(`/api/tasks/${enc(id)}/logs`),
  control: (id, verb) => api(`/api/tasks/${enc(id)}/${verb}`, { method: 'POST' }),
  errorCode: (code) => api(`/api/errors/${enc(code)}`),
  deadLetters: (cursor) => api(`/api/queues/failed-tasks${query({ limit: 100, cursor })}`),
  requeue: (queue, id) => api(`/api/queues/${enc(queue)}/dead/${enc(id)}/requeue`, { method: 'POST' }),
  discard: (queue, id) => api(`/api/queues/${enc(queue)}/dead/${enc(id)}`, { method: 'DELETE' }),
  schedules: () => api('/api/schedules'),
  scheduleVerb: (name, verb) => api(`/api/schedules/${enc(name)}/${verb}`, { method: 'POST' }),
  deleteSchedule: (name) => api(`/api/schedules/${enc(name)}`, { method: 'DELETE' }),
};
