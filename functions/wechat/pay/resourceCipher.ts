import { createCipheriv, createDecipheriv } from 'node:crypto';

/*
 * AEAD_AES_256_GCM as WeChat Pay API v3 uses it for notification resources (and downloaded
 * platform certificates): key = the 32-byte APIv3 key as UTF-8, IV = `nonce` (12 characters,
 * UTF-8), AAD = `associated_data` (may be empty), `ciphertext` = base64(encrypted ‖ 16-byte tag).
 */

const tagBytes = 16;

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

const keyOf = (apiV3Key: string): Buffer => {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('The APIv3 key must be 32 bytes');
  return key;
};

/** The plaintext, or `null` when the resource does not authenticate (wrong key, tampered, truncated). */
export const decryptResource = (apiV3Key: string, resource: EncryptedResource): string | null => {
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= tagBytes) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(apiV3Key), Buffer.from(resource.nonce, 'utf8'));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
};

/** The platform's side, for the simulator: seal a resource the way WeChat Pay does. */
export const encryptResource = (
  apiV3Key: string,
  plaintext: string,
  nonce: string,
  associatedData: string,
): EncryptedResource => {
  const cipher = createCipheriv('aes-256-gcm', keyOf(apiV3Key), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: associatedData, nonce };
};
