// The overview: figures of /api/stats and each queue's depth, sampled every few seconds and soon after a change.

import { calls } from '../api.js';
import { colorOf, lineChart } from '../charts.js';
import { h, ms, percent } from '../dom.js';
import { subscribe } from '../events.js';

const KEEP = 360;
// Kept between visits, so that the charts are not empty when one comes back to the overview.
const samples = [];

async function sample() {
  const [stats, queues] = await Promise.all([calls.stats(), calls.queues()]);
  const depths = await Promise.all(queues.map((q) => calls.queueStats(q.name)
    .then((s) => [q.name, s.queueLength]).catch(() => [q.name, 0])));
  samples.push({ t: Date.now(), stats, depths: Object.fromEntries(depths) });
  if (samples.length > KEEP) samples.shift();
  return stats;
}

function tile(label, value, id) {
  return h('div', { class: 'tile' }, h('span', { class: 'label' }, label), h('strong', { id }, value));
}

function series(name, color, pick) {
  return { name, color, points: samples.map((s) => [s.t, pick(s)]).filter(([, v]) => v !== null && v !== undefined) };
}

function draw(charts, stats) {
  document.getElementById('kpi-total').textContent = stats.total;
  document.getElementById('kpi-waiting').textContent = stats.queueLength;
  document.getElementById('kpi-running').textContent = stats.runningNow;
  document.getElementById('kpi-success').textContent = percent(stats.successRate);
  const rate = (v) => `${v.toFixed(v < 10 ? 1 : 0)}/s`;
  lineChart(charts.throughput, [
    series('finished', '#4f7cff', (s) => s.stats.lastMinute.finishedPerSecond),
  ], { format: rate });
  lineChart(charts.failures, [
    series('last minute', '#ef4444', (s) => s.stats.lastMinute.failureRate),
    series('last hour', '#f59e0b', (s) => s.stats.lastHour.failureRate),
  ], { format: percent });
  lineChart(charts.latency, [
    series('run p50', '#14b8a6', (s) => s.stats.runTimeMs.p50),
    series('run p95', '#4f7cff', (s) => s.stats.runTimeMs.p95),
    series('wait p95', '#8b5cf6', (s) => s.stats.waitTimeMs.p95),
  ], { format: ms });
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.depths)))].sort();
  lineChart(charts.depth, names.map((q) => series(q, colorOf(q), (s) => s.depths[q])), { format: String });
}

function panel(title, id) {
  const body = h('div', { class: 'chart-box', id });
  return [h('section', { class: 'card' }, h('h2', {}, title), body), body];
}

export function overview(root) {
  const [throughputCard, throughput] = panel('Throughput (tasks finished per second)', 'chart-throughput');
  const [failureCard, failures] = panel('Failure rate', 'chart-failures');
  const [latencyCard, latency] = panel('Latency', 'chart-latency');
  const [depthCard, depth] = panel('Queue depth (waiting tasks)', 'chart-depth');
  const charts = { throughput, failures, latency, depth };
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Overview')),
    h('div', { class: 'tiles' }, tile('Tasks', '…', 'kpi-total'), tile('Waiting', '…', 'kpi-waiting'),
      tile('Running', '…', 'kpi-running'), tile('Success rate', '…', 'kpi-success')),
    h('div', { class: 'grid2' }, throughputCard, failureCard, latencyCard, depthCard));

  let closed = false;
  let pending = null;
  const refresh = () => sample().then((stats) => closed || draw(charts, stats)).catch(() => {});
  // A burst of changes asks for one new sample a second at most.
  const soon = () => {
    pending ??= setTimeout(() => { pending = null; refresh(); }, 1000);
  };
  const unsubscribe = subscribe(soon);
  const timer = setInterval(refresh, 5000);
  refresh();
  return () => {
    closed = true;
    unsubscribe();
    clearInterval(timer);
    clearTimeout(pending);
  };
}
