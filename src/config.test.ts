// Settings read from the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

const base = { COOKIE_SECRET: 'a-cookie-secret-for-tests', DATA_KEY: Buffer.alloc(32, 7).toString('base64url'), DATA_DIR: '/nonexistent-config-test' };

test('RATE_LIMIT_PER_MINUTE sets the request limit per address; 600 without it; nonsense is refused', () => {
  assert.equal(loadConfig(base).rateLimits.globalPerMinute, 600);
  assert.equal(loadConfig({ ...base, RATE_LIMIT_PER_MINUTE: '5000' }).rateLimits.globalPerMinute, 5000);
  for (const bad of ['0', '-1', '1.5', 'viel']) {
    assert.throws(() => loadConfig({ ...base, RATE_LIMIT_PER_MINUTE: bad }), (e: unknown) => e instanceof ConfigError && /RATE_LIMIT_PER_MINUTE/.test(e.message), bad);
  }
});
