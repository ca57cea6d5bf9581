// Password hashing (argon2id) and the password rules.
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot read).
const ARGON2ID = 2;
import type { MessageKey } from '../i18n/index.ts';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  return common;
}

/** Why a password is refused, as a message key, or undefined when it is acceptable. */
export function passwordProblem(password: string, pseudonym: string): MessageKey | undefined {
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'password.common';
  if (/^(.)\1*$/u.test(password)) return 'password.common';
  if ('01234567890123456789'.includes(lower) || 'abcdefghijklmnopqrstuvwxyz'.includes(lower)) return 'password.common';
  if (pseudonym && lower.includes(pseudonym.toLowerCase()) && pseudonym.length >= 4) return 'password.containsName';
  return undefined;
}

export interface HashCost {
  memoryCost: number;
  timeCost: number;
}

export function hashPassword(password: string, cost: HashCost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

// Compared against when no account matches, so a miss takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | undefined, password: string, cost: HashCost): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('no account has this password', cost);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
