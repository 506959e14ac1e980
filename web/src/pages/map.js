// The world risk map: a choropleth of the latest forecast the user may read,
// with a model and year switch, a tooltip, and the same numbers as a table.
import {geoNaturalEarth1, geoPath} from 'd3-geo';
import {scaleThreshold} from 'd3-scale';
import {interpolateCividis} from 'd3-scale-chromatic';
import {feature} from 'topojson-client';
import {get, query} from '../api.js';
import {h, message, percent, s, signedPoints, table} from '../dom.js';

// Risk classes: a two-year risk of 1% is about the base rate; 8% and more is the
// top of the published ranking.
export const RISK_BREAKS = [0.01, 0.02, 0.04, 0.08];
export const RISK_COLOURS = [0.95, 0.75, 0.5, 0.28, 0.05].map((t) => interpolateCividis(t));
const riskColour = scaleThreshold().domain(RISK_BREAKS).range(RISK_COLOURS);
const NO_DATA = '#e6e6e6';

let atlas = null;
async function worldShapes() {
  if (!atlas) {
    const response = await fetch('/countries-110m.json');
    if (!response.ok) throw new Error(`the world map did not load (HTTP ${response.status})`);
    const topology = await response.json();
    atlas = feature(topology, topology.objects.countries).features;
  }
  return atlas;
}

function legend() {
  const labels = ['under 1%', '1–2%', '2–4%', '4–8%', '8% or more'];
  return h('ul', {class: 'legend', 'aria-label': 'Legend: two-year risk of a new mass killing'},
    labels.map((label, i) => h('li', {}, h('span', {class: 'swatch', 'data-colour': RISK_COLOURS[i]}), label)),
    h('li', {}, h('span', {class: 'swatch', 'data-colour': NO_DATA}), 'no forecast'));
}

// CSP forbids inline styles set from markup; colours are set through the CSSOM.
function paintSwatches(root) {
  for (const swatch of root.querySelectorAll('[data-colour]')) swatch.style.background = swatch.dataset.colour;
}

function runChoices(runs) {
  const models = [...new Set(runs.map((r) => r.model))];
  // The run list names a run's data year forecast_year (the map's own run object says data_year).
  const years = [...new Set(runs.map((r) => r.forecast_year).filter((y) => y !== null && y !== undefined))]
    .sort((a, b) => b - a);
  return {models, years};
}

export async function mapPage() {
  const started = performance.now();
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const [runsAnswer, shapes] = await Promise.all([get('/forecasts/runs'), worldShapes()]);
  const runs = runsAnswer.runs ?? [];
  if (runs.length === 0) {
    return h('div', {class: 'page'}, h('h1', {}, 'World risk map'),
      message('No forecast you may read yet. An analyst runs `tocsin forecast` to make one.'));
  }
  const {models, years} = runChoices(runs);
  const container = h('div', {class: 'page'});
  const modelSelect = h('select', {id: 'map-model'}, h('option', {value: ''}, 'latest run'), models.map((m) => h('option', {value: m}, m)));
  const yearSelect = h('select', {id: 'map-year'}, h('option', {value: ''}, 'latest year'), years.map((y) => h('option', {value: y}, String(y))));
  const body = h('div', {id: 'map-body'});
  const controls = h('form', {class: 'controls', onsubmit: (e) => e.preventDefault()},
    h('label', {for: 'map-model'}, 'Model'), modelSelect,
    h('label', {for: 'map-year'}, 'Data year'), yearSelect);
  container.append(h('h1', {}, 'World risk map'),
    h('p', {class: 'lede'}, 'Each country\'s estimated risk that a new mass killing begins within two years, from the statistical risk assessment. Select a country for its drivers, events and response.'),
    controls, body);

  async function draw() {
    body.replaceChildren(message('Loading…'));
    let forecast;
    try {
      forecast = await get(`/forecasts${query({model: modelSelect.value, year: yearSelect.value})}`);
    } catch (error) {
      body.replaceChildren(message(error.message, 'error'));
      return;
    }
    body.replaceChildren(renderMap(forecast, shapes, started));
    paintSwatches(body);
  }
  modelSelect.value = params.get('model') ?? '';
  yearSelect.value = params.get('year') ?? '';
  modelSelect.addEventListener('change', draw);
  yearSelect.addEventListener('change', draw);
  await draw();
  return container;
}

function renderMap(forecast, shapes, started) {
  const byNumeric = new Map();
  for (const country of forecast.countries) {
    if (country.iso_numeric) byNumeric.set(country.iso_numeric, country);
  }
  const byName = new Map(forecast.countries.map((c) => [c.country, c]));
  const width = 960, height = 500;
  const projection = geoNaturalEarth1().fitSize([width, height], {type: 'Sphere'});
  const path = geoPath(projection);
  const tooltip = h('div', {class: 'tooltip', role: 'status', hidden: true});
  const drawn = new Set();

  // A run made with bootstrap intervals gives each risk its range.
  const level = forecast.run.intervals ? `${Math.round(100 * forecast.run.intervals.level)}% interval` : null;
  const range = (c) => (c.risk_lower == null ? '–' : `${percent(c.risk_lower)} – ${percent(c.risk_upper)}`);

  function show(country, event) {
    tooltip.replaceChildren(
      h('strong', {}, country.country),
      h('div', {}, `Risk ${percent(country.probability)} · rank ${country.rank}`),
      ...(level ? [h('div', {}, `${level} ${range(country)}`)] : []),
      h('div', {}, `Change ${signedPoints(country.change)}`));
    tooltip.hidden = false;
    const box = tooltip.parentElement.getBoundingClientRect();
    const x = event?.clientX ?? box.left + box.width / 2;
    const y = event?.clientY ?? box.top + 40;
    tooltip.style.left = `${Math.min(x - box.left + 12, box.width - 180)}px`;
    tooltip.style.top = `${y - box.top + 12}px`;
  }
  const hide = () => { tooltip.hidden = true; };
  const open = (country) => { location.hash = `#/country/${country.gw}`; };

  const paths = shapes.map((shape) => {
    const country = (shape.id && byNumeric.get(shape.id)) || byName.get(shape.properties.name);
    if (!country) return s('path', {d: path(shape), class: 'country', fill: NO_DATA}, s('title', {}, `${shape.properties.name}: no forecast`));
    drawn.add(country);
    const label = `${country.country}: risk ${percent(country.probability)}, rank ${country.rank}`;
    return s('path', {d: path(shape), class: 'country', fill: riskColour(country.probability), tabindex: 0, role: 'link',
      'aria-label': label, 'data-gw': country.gw, 'data-risk': country.probability,
      onmousemove: (e) => show(country, e), onmouseleave: hide, onfocus: () => show(country), onblur: hide,
      onclick: () => open(country), onkeydown: (e) => { if (e.key === 'Enter') open(country); }});
  });
  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, class: 'world', role: 'group', 'aria-label': 'World map of forecast risk'},
    s('path', {d: path({type: 'Sphere'}), class: 'sphere'}), paths);

  // States too small for the world map's shapes still get their colour.
  const small = forecast.countries.filter((c) => !drawn.has(c));
  const smallStates = small.length === 0 ? null : h('div', {class: 'small-states'},
    h('h2', {}, 'Too small to draw at this scale'),
    h('ul', {}, small.map((c) => h('li', {},
      h('a', {href: `#/country/${c.gw}`, class: 'small-state', 'data-gw': c.gw, 'data-risk': c.probability},
        h('span', {class: 'swatch', 'data-colour': riskColour(c.probability)}), `${c.country} ${percent(c.probability)}`)))));

  const run = forecast.run;
  const figure = h('figure', {class: 'map', id: 'risk-map'},
    h('div', {class: 'map-frame'}, svg, tooltip),
    h('figcaption', {}, `Run ${run.id}: ${run.model}, data year ${run.data_year ?? '–'}, trained through ${run.trained_through ?? '–'}`,
      forecast.previous_run ? `; change since data year ${forecast.previous_run.data_year}` : '', '.'));
  const rows = forecast.countries;
  const listing = h('details', {class: 'table-alternative'},
    h('summary', {}, `All ${rows.length} countries as a table`),
    table('Forecast risk by country', [
      {label: 'rank', value: (c) => c.rank, numeric: true},
      {label: 'country', value: (c) => (c.gw ? h('a', {href: `#/country/${c.gw}`}, c.country) : c.country)},
      {label: 'risk', value: (c) => percent(c.probability), numeric: true},
      ...(level ? [{label: level, value: range, numeric: true}] : []),
      {label: 'change', value: (c) => signedPoints(c.change), numeric: true},
    ], rows, {id: 'risk-table'}));
  const ready = performance.now() - started;
  figure.dataset.interactiveMs = ready.toFixed(0);
  performance.mark('map-interactive');
  return h('div', {}, legend(), figure, smallStates, listing);
}
