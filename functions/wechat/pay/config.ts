import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { DomainError, describeIssues } from '../../../shared/errors/index.js';
import { platformPublicKey, type MerchantSigner, type PlatformKey } from './signatures.js';

/**
 * The WeChat Pay merchant configuration as it is stored (a JSON secret in AWS Secrets Manager in
 * the cloud). `platformKeys` holds every key WeChat Pay may sign with: the newer "WeChat Pay
 * public key" (id `PUB_KEY_ID_…`) and/or platform certificates (id = the certificate's serial);
 * keeping two during a rotation is normal.
 */
export const weChatPaySecretSchema = z.object({
  mchId: z.string().regex(/^\d{6,32}$/, 'must be the numeric merchant id'),
  appId: z.string().regex(/^wx[0-9a-zA-Z]{6,32}$/, 'must be the mini-program app id (wx…)'),
  merchantSerialNo: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the merchant API certificate serial (hex)'),
  merchantPrivateKeyPem: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  apiV3Key: z.string().refine((key) => Buffer.byteLength(key, 'utf8') === 32, 'must be 32 bytes'),
  platformKeys: z
    .array(
      z.object({
        id: z.string().min(1),
        /** A PEM public key, or a PEM platform certificate. */
        pem: z.string().includes('-----BEGIN', { message: 'must be PEM' }),
      }),
    )
    .min(1),
  /** Where WeChat Pay posts payment notifications (our route; must be https in production). */
  notifyUrl: z.url(),
  /** Where it posts refund notifications; the payment route when not given. */
  refundNotifyUrl: z.url().optional(),
  apiBaseUrl: z.url().default('https://api.mch.weixin.qq.com'),
  timeoutMs: z.number().int().positive().max(30_000).default(5_000),
});
export type WeChatPaySecret = z.input<typeof weChatPaySecretSchema>;

/** The configuration with its keys parsed, ready for the provider. */
export interface WeChatPayConfig {
  mchId: string;
  appId: string;
  signer: MerchantSigner;
  apiV3Key: string;
  platformKeys: PlatformKey[];
  notifyUrl: string;
  refundNotifyUrl: string;
  apiBaseUrl: string;
  timeoutMs: number;
}

const misconfigured = (detail: string): DomainError =>
  new DomainError('INTERNAL', `WeChat Pay configuration is invalid: ${detail}`);

/** Parses and checks the stored configuration. Problems name the field, never a secret value. */
export const readWeChatPayConfig = (stored: unknown): WeChatPayConfig => {
  const parsed = weChatPaySecretSchema.safeParse(stored);
  if (!parsed.success) {
    throw misconfigured(describeIssues(parsed.error).map((problem) => `${problem.path}: ${problem.message}`).join('; '));
  }
  const secret = parsed.data;
  const keyOrThrow = <T>(what: string, build: () => T): T => {
    try {
      return build();
    } catch {
      throw misconfigured(`${what} cannot be read`);
    }
  };
  return {
    mchId: secret.mchId,
    appId: secret.appId,
    signer: {
      mchId: secret.mchId,
      serialNo: secret.merchantSerialNo.toUpperCase(),
      privateKey: keyOrThrow('merchantPrivateKeyPem', () => createPrivateKey(secret.merchantPrivateKeyPem)),
    },
    apiV3Key: secret.apiV3Key,
    platformKeys: secret.platformKeys.map(({ id, pem }) => ({
      id,
      publicKey: keyOrThrow(`platformKeys ${id}`, () => platformPublicKey(pem)),
    })),
    notifyUrl: secret.notifyUrl,
    refundNotifyUrl: secret.refundNotifyUrl ?? secret.notifyUrl,
    apiBaseUrl: secret.apiBaseUrl.replace(/\/+$/, ''),
    timeoutMs: secret.timeoutMs,
  };
};
