// The boundaries between platform, db and features (eslint.config.js): the lint rule fires on an
// import that breaks them, and the features' imports of each other form no cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';

const root = new URL('../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

/** The boundary messages ESLint gives for this source as if it stood at `path`. */
async function boundaryErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('platform and db may not import a feature or the composition', async () => {
  assert.equal((await boundaryErrors('src/platform/x.ts', "import { directoryModule } from '../features/directory/index.ts';\nexport const x = directoryModule;\n")).length, 1);
  assert.equal((await boundaryErrors('src/platform/ui/x.ts', "import { messages } from '../../features/events/messages.ts';\nexport const x = messages;\n")).length, 1);
  assert.equal((await boundaryErrors('src/db/migrations/0099_x.ts', "import { TOPICS } from '../../features/directory/service.ts';\nexport const x = TOPICS;\n")).length, 1);
  assert.equal((await boundaryErrors('src/platform/x.ts', "import { featureModules } from '../modules.ts';\nexport const x = featureModules;\n")).length, 1);
  assert.deepEqual(await boundaryErrors('src/platform/x.ts', "import { nowIso } from './time.ts';\nexport const x = nowIso;\n"), []);
});

test('a feature reaches another feature only through its index.ts', async () => {
  const inner = await boundaryErrors('src/features/events/x.ts', "import { relationTo } from '../directory/membership.ts';\nexport const x = relationTo;\n");
  assert.equal(inner.length, 1);
  assert.match(inner[0] ?? '', /only through that feature's index\.ts/);
  assert.deepEqual(await boundaryErrors('src/features/events/x.ts', "import { getGroupBySlug } from '../directory/index.ts';\nexport const x = getGroupBySlug;\n"), []);
  assert.deepEqual(await boundaryErrors('src/features/events/x.ts', "import { nowIso } from '../../platform/time.ts';\nimport { y } from './service.ts';\nexport const x = [nowIso, y];\n"), []);
  assert.equal((await boundaryErrors('src/features/events/x.ts', "import { buildApp } from '../../app.ts';\nexport const x = buildApp;\n")).length, 1);
});

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.test(-support)?\.tsx?$/.test(name) && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

test('features import each other without a cycle', () => {
  const featuresDir = join(root, 'src/features');
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(featuresDir)) {
    const from = relative(featuresDir, file).split('/')[0] as string;
    const targets = edges.get(from) ?? new Set<string>();
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'\.\.\/([a-z-]+)\//g)) if (m[1] !== from) targets.add(m[1] as string);
    edges.set(from, targets);
  }
  assert.ok(edges.get('events')?.has('directory'), 'the check sees events using the directory');
  // Depth-first search; a feature met again while still on the path closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): void => {
    if (state.get(node) === 'done') return;
    assert.notEqual(state.get(node), 'open', `feature cycle: ${[...path, node].join(' → ')}`);
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node, []);
});
