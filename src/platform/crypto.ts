// Encryption at rest for private fields (AES-256-GCM, node:crypto). The key is per instance:
// DATA_KEY, or generated once into DATA_DIR/secrets.json (config.ts). Each value is bound to a
// context (e.g. the owner's id), so a ciphertext copied to another person's row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class Sealer {
  private readonly key: Buffer;

  constructor(keyBase64url: string) {
    this.key = Buffer.from(keyBase64url, 'base64url');
    if (this.key.length !== 32) throw new Error('the data key must be 32 bytes');
  }

  /** "v1." + base64url(iv | tag | ciphertext). */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plain text, or throws when the value was changed, belongs to another context or another key. */
  open(sealed: string, context: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed value');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Empty stays empty (null), so optional fields cost nothing and say nothing. */
  sealOptional(plain: string | null | undefined, context: string): string | null {
    return plain ? this.seal(plain, context) : null;
  }

  openOptional(sealed: string | null | undefined, context: string): string {
    return sealed ? this.open(sealed, context) : '';
  }
}

const sealers = new Map<string, Sealer>();

/** One Sealer per key, made on first use. */
export function sealerFor(keyBase64url: string): Sealer {
  let s = sealers.get(keyBase64url);
  if (!s) {
    s = new Sealer(keyBase64url);
    sealers.set(keyBase64url, s);
  }
  return s;
}
