// Small SVG charts. Each is a <figure> whose SVG has a title and description for
// screen readers, and a table with the same numbers under "Data as a table".
import {max, min, extent} from 'd3-array';
import {scaleBand, scaleLinear, scaleTime} from 'd3-scale';
import {line} from 'd3-shape';
import {h, s, table} from './dom.js';

// Okabe–Ito: distinguishable with every common colour-vision deficiency.
export const CATEGORY_COLOURS = ['#0072B2', '#E69F00', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442'];
export const RAISES = '#D55E00';  // contributions that raise risk
export const LOWERS = '#0072B2';  // contributions that lower it

let nextId = 0;

function figure(titleText, description, svg, dataTable) {
  const id = `chart-${++nextId}`;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title ${id}-desc`);
  svg.prepend(s('title', {id: `${id}-title`}, titleText), s('desc', {id: `${id}-desc`}, description));
  return h('figure', {class: 'chart'},
    h('figcaption', {}, titleText),
    svg,
    h('details', {}, h('summary', {}, 'Data as a table'), dataTable));
}

function axisTicks(scale, count, format, orientation, length, keep = () => true) {
  const group = s('g', {class: 'axis'});
  for (const tick of scale.ticks(count).filter(keep)) {
    const at = scale(tick);
    if (orientation === 'bottom') {
      group.append(s('line', {x1: at, x2: at, y1: 0, y2: 4}), s('text', {x: at, y: 16, 'text-anchor': 'middle'}, format(tick)));
    } else {
      group.append(s('line', {x1: 0, x2: length, y1: at, y2: at, class: 'grid'}),
        s('text', {x: -6, y: at + 4, 'text-anchor': 'end'}, format(tick)));
    }
  }
  return group;
}

// points: [{x: number (year), y: probability, label}]
export function lineChart(titleText, description, points, {xLabel = 'year', yFormat = (v) => `${(v * 100).toFixed(1)}%`} = {}) {
  const width = 560, height = 220, margin = {top: 12, right: 16, bottom: 28, left: 48};
  const x = scaleLinear().domain(extent(points, (p) => p.x)).range([margin.left, width - margin.right]);
  if (points.length === 1) x.domain([points[0].x - 1, points[0].x + 1]);
  const y = scaleLinear().domain([0, Math.max(0.01, max(points, (p) => p.y) * 1.15)]).nice().range([height - margin.bottom, margin.top]);
  const path = line().x((p) => x(p.x)).y((p) => y(p.y));
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'line-chart'},
    // Percent ticks with as many decimals as their step needs (0.2%, 0.4%... not 0%, 0%...),
    // and whole years only (2023, 2024, not 2023, 2024, 2024).
    s('g', {transform: `translate(${margin.left},0)`}, axisTicks(y, 4, y.tickFormat(4, '%'), 'left', width - margin.left - margin.right)),
    s('g', {transform: `translate(0,${height - margin.bottom})`},
      axisTicks(x, Math.min(points.length, 8), (v) => String(v), 'bottom', 0, Number.isInteger)),
    s('path', {d: path(points), fill: 'none', stroke: CATEGORY_COLOURS[0], 'stroke-width': 2}),
    points.map((p) => s('circle', {cx: x(p.x), cy: y(p.y), r: 3.5, fill: CATEGORY_COLOURS[0]}, s('title', {}, `${p.label ?? p.x}: ${yFormat(p.y)}`))));
  return figure(titleText, description, svg,
    table(null, [{label: xLabel, value: (p) => p.label ?? p.x}, {label: 'value', value: (p) => yFormat(p.y), numeric: true}], points));
}

// bars: [{label, value}] signed; positive bars in RAISES, negative in LOWERS.
export function divergingBars(titleText, description, bars, format = (v) => v.toFixed(3)) {
  const rowHeight = 22, width = 560, labelWidth = 200, height = bars.length * rowHeight + 30;
  const limit = Math.max(1e-9, max(bars, (b) => Math.abs(b.value)));
  const x = scaleLinear().domain([-limit, limit]).range([labelWidth, width - 60]);
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'bar-chart'},
    s('line', {x1: x(0), x2: x(0), y1: 0, y2: height - 24, stroke: '#555'}),
    bars.map((b, i) => {
      const y = i * rowHeight + 4;
      const left = Math.min(x(0), x(b.value));
      return s('g', {},
        s('text', {x: labelWidth - 8, y: y + 14, 'text-anchor': 'end'}, b.label),
        s('rect', {x: left, y, width: Math.max(1, Math.abs(x(b.value) - x(0))), height: rowHeight - 6,
          fill: b.value >= 0 ? RAISES : LOWERS}, s('title', {}, `${b.label}: ${format(b.value)}`)),
        s('text', {x: b.value >= 0 ? x(b.value) + 4 : x(b.value) - 4, y: y + 14,
          'text-anchor': b.value >= 0 ? 'start' : 'end', class: 'value'}, format(b.value)));
    }),
    s('text', {x: x(0) + 6, y: height - 6, class: 'legend'}, 'raises risk →'),
    s('text', {x: x(0) - 6, y: height - 6, 'text-anchor': 'end', class: 'legend'}, '← lowers risk'));
  return figure(titleText, description, svg,
    table(null, [{label: 'variable', value: (b) => b.label}, {label: 'contribution', value: (b) => format(b.value), numeric: true}], bars));
}

// series: {categories: [names], periods: [{label, values: [numbers per category]}]}
export function stackedBars(titleText, description, {categories, periods}, valueLabel = 'events') {
  const width = 560, height = 220, margin = {top: 12, right: 12, bottom: 40, left: 44};
  const x = scaleBand().domain(periods.map((p) => p.label)).range([margin.left, width - margin.right]).padding(0.15);
  const top = Math.max(1, max(periods, (p) => p.values.reduce((a, b) => a + b, 0)));
  const y = scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  const every = Math.max(1, Math.ceil(periods.length / 8));
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'stacked-chart'},
    s('g', {transform: `translate(${margin.left},0)`}, axisTicks(y, 4, (v) => String(v), 'left', width - margin.left - margin.right)),
    periods.map((p, i) => {
      let base = 0;
      return s('g', {},
        p.values.map((v, c) => {
          const rect = s('rect', {x: x(p.label), width: x.bandwidth(), y: y(base + v), height: Math.max(0, y(base) - y(base + v)),
            fill: CATEGORY_COLOURS[c % CATEGORY_COLOURS.length]}, s('title', {}, `${p.label}, ${categories[c]}: ${v}`));
          base += v;
          return rect;
        }),
        i % every === 0 ? s('text', {x: x(p.label) + x.bandwidth() / 2, y: height - margin.bottom + 14, 'text-anchor': 'middle', class: 'tick'}, p.label) : null);
    }),
    s('g', {transform: `translate(${margin.left},${height - 12})`},
      categories.map((c, i) => s('g', {transform: `translate(${i * 150},0)`},
        s('rect', {width: 10, height: 10, y: -9, fill: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]}),
        s('text', {x: 14, y: 0, class: 'legend'}, c)))));
  return figure(titleText, description, svg,
    table(null, [{label: 'period', value: (p) => p.label},
      ...categories.map((c, i) => ({label: `${c} (${valueLabel})`, value: (p) => p.values[i], numeric: true}))], periods));
}

// curve: [{x, y}] in [0,1]²; diagonal drawn for reference.
export function unitSquareChart(titleText, description, curves, {xLabel, yLabel, diagonal = true}) {
  const size = 300, margin = 40;
  const x = scaleLinear().domain([0, 1]).range([margin, size - 10]);
  const y = scaleLinear().domain([0, 1]).range([size - margin, 10]);
  const svg = s('svg', {viewBox: `0 0 ${size} ${size}`, class: 'square-chart'},
    s('g', {transform: `translate(${margin},0)`}, axisTicks(y, 5, (v) => v.toFixed(1), 'left', size - margin - 10)),
    s('g', {transform: `translate(0,${size - margin})`}, axisTicks(x, 5, (v) => v.toFixed(1), 'bottom')),
    s('text', {x: size / 2, y: size - 4, 'text-anchor': 'middle', class: 'legend'}, xLabel),
    s('text', {x: 12, y: size / 2, transform: `rotate(-90 12 ${size / 2})`, 'text-anchor': 'middle', class: 'legend'}, yLabel),
    diagonal ? s('line', {x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: '#999', 'stroke-dasharray': '4 3'}) : null,
    curves.map((curve, i) => s('g', {},
      s('path', {d: line().x((p) => x(p.x)).y((p) => y(p.y))(curve.points), fill: 'none',
        stroke: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length], 'stroke-width': 2}),
      curve.markers ? curve.points.map((p) => s('circle', {cx: x(p.x), cy: y(p.y), r: 3, fill: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]})) : null,
      s('text', {x: x(0.55), y: y(0.12) + i * 14, class: 'legend', fill: CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]}, curve.name))));
  const rows = curves.flatMap((c) => c.points.map((p) => ({name: c.name, ...p})));
  return figure(titleText, description, svg,
    table(null, [{label: 'series', value: (r) => r.name}, {label: xLabel, value: (r) => r.x.toFixed(3), numeric: true},
      {label: yLabel, value: (r) => r.y.toFixed(3), numeric: true}], rows));
}

export {min};
