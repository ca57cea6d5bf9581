// The catalogs as app.ts assembles them (the platform's and every feature's): English has every
// German key, no text is empty, and placeholders match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addMessages, catalogs, localeFromAcceptLanguage, translator } from './platform/i18n/index.ts';
import { featureModules } from './modules.ts';

for (const feature of featureModules) if (feature.messages) addMessages(feature.name, feature.messages);
const { de, en } = catalogs;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('both catalogs have the same keys, none empty, with the same placeholders', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(de).sort());
  for (const [key, text] of Object.entries(de)) {
    assert.ok(text.trim(), `de ${key} is empty`);
    const english = (en as Record<string, string>)[key] as string;
    assert.ok(english.trim(), `en ${key} is empty`);
    assert.deepEqual(placeholders(english), placeholders(text), `placeholders of ${key}`);
  }
});

test('every key used in the code exists in the catalogs', () => {
  const root = new URL('./', import.meta.url).pathname;
  const used = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !path.includes('/i18n/')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(m[1] as string);
      }
    }
  };
  walk(root);
  assert.ok(used.size > 50);
  for (const key of used) assert.ok(key in de, `${key} is used but not in the catalogs`);
});

test('translates with parameters and picks the language from Accept-Language', () => {
  assert.equal(translator('de')('layout.signedInAs', { name: 'Anna' }), 'Angemeldet als Anna');
  assert.equal(translator('en')('layout.signedInAs', { name: 'Anna' }), 'Logged in as Anna');
  assert.equal(localeFromAcceptLanguage('en-US,en;q=0.9,de;q=0.8'), 'en');
  assert.equal(localeFromAcceptLanguage('fr-CH, fr;q=0.9, de;q=0.7, en;q=0.5'), 'de');
  assert.equal(localeFromAcceptLanguage('fr'), undefined);
  assert.equal(localeFromAcceptLanguage('en;q=0, de'), 'de');
});
