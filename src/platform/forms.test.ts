// The form layer: one description gives the route schema and per-field messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { characterCount, defineForm, formString } from './forms.ts';
import { translator } from './i18n/index.ts';

const form = defineForm({
  name: { kind: 'text', label: 'register.pseudonym', required: true, min: 3, max: 5, pattern: /^[a-zäöü]+$/u },
  mail: { kind: 'email', label: 'register.email', max: 50 },
  agree: { kind: 'checkbox', label: 'register.rulesConsent', required: true, messages: { required: 'register.rulesRequired' } },
  choice: { kind: 'choice', label: 'delete.posts', required: true, values: ['a', 'b'] },
});
const t = translator('de');

test('reports every problem at its field, in order', () => {
  const { errors, values } = form.parse({ name: '  x ', mail: 'nope', choice: 'c' }, t);
  assert.deepEqual(errors.map((e) => e.field), ['name', 'mail', 'agree', 'choice']);
  assert.equal(values.name, 'x', 'text is trimmed');
  assert.equal(values.agree, false);
  assert.match(errors[2]?.message ?? '', /Gemeinschaftsregeln/);
});

test('counts characters, not UTF-16 units, and normalises Unicode', () => {
  assert.equal(characterCount('😀😀😀'), 3);
  const { errors, values } = form.parse({ name: 'a\u0308bc', agree: 'yes', choice: 'a' }, t);
  assert.equal(values.name, 'äbc');
  assert.deepEqual(errors, []);
  assert.equal(form.parse({ name: 'abcdef', agree: 'yes', choice: 'a' }, t).errors[0]?.message.includes('höchstens 5'), true);
});

test('survives whatever a client sends', () => {
  for (const body of [undefined, null, 'text', 42, [], { name: ['a', 'b'] }, { name: { nested: true } }, { agree: ['yes'] }]) {
    assert.doesNotThrow(() => form.parse(body, t));
  }
  assert.equal(formString(['first', 'second']), 'first');
  assert.equal(formString({}), '');
});

test('the schema lists every field and allows more than the rule, so bad input reaches the handler', () => {
  const props = form.schema.properties as Record<string, { maxLength?: number }>;
  assert.deepEqual(Object.keys(props).sort(), ['_csrf', 'agree', 'choice', 'mail', 'name']);
  assert.ok((props.name?.maxLength ?? 0) > 5);
});
