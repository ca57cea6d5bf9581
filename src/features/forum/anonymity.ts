// Anonymous posts: a handle that stays the same within a thread and differs between threads,
// derived from an HMAC of account and thread under a key of this instance. The account id
// itself is stored only sealed (platform/crypto.ts); who may open it is the moderation's rule.
import { createHmac } from 'node:crypto';
import type { Config } from '../../config.ts';
import { sealerFor } from '../../platform/crypto.ts';

const keys = new Map<string, Buffer>();

function anonymityKey(config: Config): Buffer {
  let key = keys.get(config.dataKey);
  if (!key) {
    // A key of its own, derived from the data key, so the handles cannot be used to test guesses of other secrets.
    key = createHmac('sha256', Buffer.from(config.dataKey, 'base64url')).update('forum-anonymous-handles').digest();
    keys.set(config.dataKey, key);
  }
  return key;
}

/** The full HMAC: compared to find a person's own anonymous posts, never shown. */
export function anonKey(config: Config, userId: string, threadId: number): string {
  return createHmac('sha256', anonymityKey(config)).update(`${userId}:${threadId}`).digest('hex');
}

const ANIMALS = ['Amsel', 'Biber', 'Dachs', 'Eule', 'Fuchs', 'Igel', 'Kranich', 'Luchs', 'Meise', 'Otter', 'Reh', 'Specht', 'Star', 'Wal', 'Zaunkönig', 'Hase'];

/** "Eule 4F2A": a readable handle from the key. */
export function handleOf(key: string): string {
  const animal = ANIMALS[parseInt(key.slice(0, 2), 16) % ANIMALS.length] ?? 'Eule';
  return `${animal} ${key.slice(2, 6).toUpperCase()}`;
}

export function sealAuthor(config: Config, userId: string, threadId: number): string {
  return sealerFor(config.dataKey).seal(userId, `forum-thread:${threadId}`);
}
