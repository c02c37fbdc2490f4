import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

/**
 * Seals the chat addresses a live quiz must keep while it is held in a shared store (Redis): each
 * one is AES-256-GCM encrypted under a key derived from PSEUDONYM_SECRET with HKDF, with a fresh
 * random nonce, and bound to where it is kept (the quiz's code), so a value copied into another
 * quiz does not open. A group chat's id is also needed as a look-up key: that is an HMAC under a
 * second derived key, never the id itself. Without the secret, nothing stored names a chat.
 */
export class AddressCipher {
  private readonly key: Buffer;
  private readonly indexKey: Buffer;

  constructor(secret: string) {
    if (secret.length === 0) throw new Error('the address cipher needs a secret');
    const salt = Buffer.from('linda quiz addresses');
    this.key = Buffer.from(hkdfSync('sha256', secret, salt, 'aes-256-gcm v1', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', secret, salt, 'group index v1', 32));
  }

  /** `value` as base64url: nonce, ciphertext, tag. `context` must be given again to open it. */
  seal(value: unknown, context: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The value sealed under `context`; throws when it was changed, or sealed for another context or key. */
  open(sealed: string, context: string): unknown {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < ivBytes + tagBytes) throw new Error('a sealed quiz address is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(raw.length - tagBytes));
    const text = Buffer.concat([decipher.update(raw.subarray(ivBytes, raw.length - tagBytes)), decipher.final()]).toString('utf8');
    return JSON.parse(text);
  }

  /** A look-up key for a group chat that does not reveal it: 32 hex characters of an HMAC. */
  index(id: string): string {
    return createHmac('sha256', this.indexKey).update(id).digest('hex').slice(0, 32);
  }
}
