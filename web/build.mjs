// Bundles the dashboard: node build.mjs --modules DIR --out DIR
//   --modules  the node_modules folder made by `npm ci` (default ./node_modules)
//   --out      where index.html, app.js, app.css and countries-110m.json go (default ./dist)
// The output is embedded in the tocsin binary (cmake/Web.cmake); nothing is
// fetched from a network when the page runs.
import {copyFileSync, mkdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? resolve(process.argv[at + 1]) : fallback;
};
const modules = option('modules', join(here, 'node_modules'));
const out = option('out', join(here, 'dist'));
const require = createRequire(join(modules, 'noop.js'));
const esbuild = require('esbuild');

mkdirSync(out, {recursive: true});
await esbuild.build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  nodePaths: [modules],
  outfile: join(out, 'app.js'),
  legalComments: 'eof',
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'src', 'app.css'), join(out, 'app.css'));
copyFileSync(join(modules, 'world-atlas', 'countries-110m.json'), join(out, 'countries-110m.json'));
