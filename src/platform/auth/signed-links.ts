// Keys for links in mails (confirm a topic note, answer a conversation, cancel a visitor's place):
// derived from the instance secret with HMAC, so nothing secret is stored per link, and each key
// is bound to one purpose and one id, so a key for one kind of link opens no other.
import { createHmac } from 'node:crypto';
import { safeEqual } from './tokens.ts';

export function signedKey(secret: string, purpose: string, id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
}

export function keyMatches(secret: string, purpose: string, id: string, key: string | undefined): boolean {
  return !!key && safeEqual(signedKey(secret, purpose, id), key);
}
