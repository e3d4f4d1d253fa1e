// Small SVG line charts drawn by hand: four charts of a few hundred points need no chart library.

const NS = 'http://www.w3.org/2000/svg';
const W = 480;
const H = 160;
const PAD = { left: 44, right: 10, top: 10, bottom: 22 };

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A nice round upper bound for the y axis. */
function ceiling(max) {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * step).find((v) => v >= max);
}

/**
 * Draws series ([{name, color, points: [[timeMs, value]]}]) into the element as one chart with a legend;
 * format turns a value into axis text.
 */
export function lineChart(el, series, { format = String, longest = 10 * 60_000 } = {}) {
  const now = Date.now();
  // The time axis grows with the samples up to ten minutes, so that a fresh page is not squeezed to the right.
  const first = Math.min(now, ...series.flatMap((s) => s.points.map(([t]) => t)));
  const span = Math.min(longest, Math.max(60_000, now - first));
  const from = now - span;
  const values = series.flatMap((s) => s.points.filter(([t]) => t >= from).map(([, v]) => v));
  const top = ceiling(Math.max(0, ...values));
  const x = (t) => PAD.left + ((t - from) / span) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' });
  for (const v of [0, top / 2, top]) {
    chart.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    chart.append(svg('text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, format(v)));
  }
  chart.append(svg('text', { x: PAD.left, y: H - 4, class: 'axis' }, span < 120_000 ? `${Math.round(span / 1000)} s ago` : `${Math.round(span / 60_000)} min ago`));
  chart.append(svg('text', { x: W - PAD.right, y: H - 4, class: 'axis', 'text-anchor': 'end' }, 'now'));
  for (const s of series) {
    const points = s.points.filter(([t]) => t >= from);
    if (points.length === 0) continue;
    const d = points.map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
    chart.append(svg('path', { d, class: 'series', stroke: s.color }));
    const [lt, lv] = points.at(-1);
    chart.append(svg('circle', { cx: x(lt), cy: y(lv), r: 3, fill: s.color }));
  }
  const legend = document.createElement('div');
  legend.className = 'legend';
  for (const s of series) {
    const last = s.points.at(-1);
    const item = document.createElement('span');
    item.innerHTML = `<i style="background:${s.color}"></i>`;
    item.append(`${s.name} ${last ? format(last[1]) : '–'}`);
    legend.append(item);
  }
  el.replaceChildren(chart, legend);
}

/** A palette for queue series, stable by name. */
export function colorOf(name) {
  const palette = ['#4f7cff', '#14b8a6', '#f59e0b', '#ec4899', '#8b5cf6', '#22c55e', '#ef4444', '#0ea5e9'];
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length];
}
