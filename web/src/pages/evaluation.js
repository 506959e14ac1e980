// Model evaluation: every backtest the user may read, compared; for the chosen
// one its ROC curve, calibration, and onsets year by year.
import {get} from '../api.js';
import {unitSquareChart} from '../charts.js';
import {date, h, message, table} from '../dom.js';

const fixed = (digits) => (v) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const share = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

function metricCards(m) {
  const cards = [
    ['AUC (maxrisk2)', fixed(3)(m.auc)],
    ['Onsets in top 30', share(m.recall_at_30)],
    ['Brier skill', fixed(4)(m.brier_skill)],
    ['Average precision', fixed(3)(m.average_precision)],
    ['Onsets scored', m.onsets ?? '–'],
    ['Years', `${m.first_year ?? '–'}–${m.last_year ?? '–'}`],
  ];
  return h('div', {class: 'metrics'}, cards.map(([label, value]) => h('div', {class: 'metric'}, label, h('strong', {}, String(value)))));
}

function rocCurve(m) {
  const fpr = m.roc?.fpr ?? [], tpr = m.roc?.tpr ?? [];
  // Thin long curves for drawing; the table keeps every 10th point.
  const step = Math.max(1, Math.floor(fpr.length / 200));
  const points = fpr.map((x, i) => ({x, y: tpr[i]})).filter((_, i) => i % step === 0 || i === fpr.length - 1);
  return unitSquareChart('ROC curve', `True positive rate against false positive rate over every scored country-year; AUC ${fixed(3)(m.auc)}.`,
    [{name: 'model', points}], {xLabel: 'false positive rate', yLabel: 'true positive rate'});
}

function calibrationCurve(m) {
  const groups = m.calibration ?? [];
  const top = Math.max(0.05, ...groups.map((g) => Math.max(g.mean_predicted, g.observed_rate)));
  const scale = (v) => v / top;
  const points = groups.map((g) => ({x: scale(g.mean_predicted), y: scale(g.observed_rate)}));
  return unitSquareChart('Calibration', `Observed onset rate against mean forecast in ${groups.length} groups (axes scaled to ${(top * 100).toFixed(0)}%); on the diagonal a forecast means what it says.`,
    [{name: 'groups', points, markers: true}], {xLabel: `mean forecast (× ${(top * 100).toFixed(0)}%)`, yLabel: `observed rate (× ${(top * 100).toFixed(0)}%)`});
}

export async function evaluationPage() {
  const runs = (await get('/backtests')).runs ?? [];
  const page = h('div', {class: 'page'}, h('h1', {}, 'Model evaluation'),
    h('p', {class: 'lede'}, 'Out-of-sample backtests: train on data up to year L, score year L+2, for every L; nothing a model sees comes from the years it is scored on.'));
  if (runs.length === 0) {
    page.append(message('No backtest you may read yet. An analyst runs `tocsin backtest` to make one.'));
    return page;
  }
  page.append(table('Model comparison', [
    {label: 'run', value: (r) => r.id, numeric: true},
    {label: 'model', value: (r) => r.model},
    {label: 'made', value: (r) => date(r.created_at)},
    {label: 'AUC', value: (r) => fixed(3)(r.metrics?.auc), numeric: true},
    {label: 'top-30 recall', value: (r) => share(r.metrics?.recall_at_30), numeric: true},
    {label: 'Brier', value: (r) => fixed(4)(r.metrics?.brier), numeric: true},
    {label: 'Brier skill', value: (r) => fixed(4)(r.metrics?.brier_skill), numeric: true},
    {label: 'log loss', value: (r) => fixed(4)(r.metrics?.log_loss), numeric: true},
  ], runs, {id: 'model-comparison'}));
  const select = h('select', {id: 'backtest-run'}, runs.map((r) => h('option', {value: r.id}, `run ${r.id}: ${r.model}`)));
  const detail = h('div', {});
  async function show() {
    const run = runs.find((r) => String(r.id) === select.value) ?? runs[0];
    const m = run.metrics ?? {};
    detail.replaceChildren(metricCards(m), h('div', {class: 'board'}, rocCurve(m), calibrationCurve(m)),
      table('Onsets by year', [
        {label: 'data year', value: (y) => y.data_year, numeric: true},
        {label: 'trained through', value: (y) => y.trained_through, numeric: true},
        {label: 'onsets next year', value: (y) => y.onsets_next_year, numeric: true},
        {label: 'of them in top 30', value: (y) => y.onsets_next_year_top30, numeric: true},
      ], m.years ?? []));
  }
  select.addEventListener('change', show);
  page.append(h('form', {class: 'controls', onsubmit: (e) => e.preventDefault()}, h('label', {for: 'backtest-run'}, 'Backtest'), select), detail);
  await show();
  return page;
}
