#!/usr/bin/env node
// `npm run build` (also run by `npm install` / `npm ci` through `prepare`): bundles the server into
// dist/main.js, so `npm start` runs plain JavaScript and does not compile TypeScript on every start.
// Packages are bundled too: resolving and reading a thousand small files from node_modules took
// longer than everything else at start. Native ones (better-sqlite3, argon2, resvg) and those loaded only
// when configured stay in node_modules. Files the code reads next to itself (places.tsv,
// public/, content/, the password list) are found through `import.meta.url`; each module's
// `import.meta.url` is rewritten to its own place in src/, relative to dist/, so those reads resolve
// as they do under tsx, and the checkout can still be moved after the build.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
// `--out FILE` builds elsewhere (the tests build into a temporary directory).
const at = process.argv.indexOf('--out');
const outfile = at > 0 ? resolve(process.argv[at + 1] ?? '') : join(root, 'dist', 'main.js');

const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const text = await readFile(args.path, 'utf8');
      const loader = args.path.endsWith('.tsx') ? 'tsx' : 'ts';
      if (!text.includes('import.meta.url')) return { contents: text, loader };
      const fromDist = relative(dirname(outfile), args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`), loader };
    });
  },
};

const started = Date.now();
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', '@node-rs/argon2', '@resvg/resvg-js', 'pg-native', 'ioredis'],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  tsconfig: join(root, 'tsconfig.json'),
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [sourceUrls],
});
console.log(`built ${relative(root, outfile)} in ${Date.now() - started} ms`);
