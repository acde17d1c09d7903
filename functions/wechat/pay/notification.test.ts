import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors/index.js';
import { parseWeChatPayNotification } from './notification.js';
import { decryptResource, encryptResource } from './resourceCipher.js';
import {
  apiV3Key,
  notificationBody,
  paidTransaction,
  platformHeaders,
  platformKeyId,
  testConfig,
  testMchId,
} from './testKeys.js';

const config = testConfig();
const now = Date.parse('2026-11-23T02:00:10Z');
const nowSeconds = Math.floor(now / 1000);

const refusalOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'UNAUTHORIZED') return (error.details as { reason: string }).reason;
    throw error;
  }
  return undefined;
};

const payment = notificationBody('TRANSACTION.SUCCESS', paidTransaction('P20261123000001', 1100));

describe('a payment notification built per spec', () => {
  it('verifies, decrypts and becomes a provider-independent payment event', () => {
    const event = parseWeChatPayNotification(config, { headers: platformHeaders(payment, { timestamp: nowSeconds }), body: payment }, now);
    expect(event).toEqual({
      kind: 'payment',
      eventId: 'EV-2018022511223320873',
      outTradeNo: 'P20261123000001',
      state: 'SUCCESS',
      amountFen: 1100,
      transactionId: '4200000985202611230123456789',
      payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      successTime: '2026-11-23T10:00:03+08:00',
    });
  });

  it('finds the key by the Wechatpay-Serial id, whatever its case', () => {
    const headers = platformHeaders(payment, { timestamp: nowSeconds, serial: platformKeyId.toLowerCase() });
    expect(parseWeChatPayNotification(config, { headers, body: payment }, now).kind).toBe('payment');
  });

  it('accepts header names in any case (API Gateway lower-cases them)', () => {
    const headers = Object.fromEntries(
      Object.entries(platformHeaders(payment, { timestamp: nowSeconds })).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(parseWeChatPayNotification(config, { headers, body: payment }, now).kind).toBe('payment');
  });

  it('accepts a timestamp up to five minutes either way, and not beyond', () => {
    const at = (timestamp: number) => () =>
      parseWeChatPayNotification(config, { headers: platformHeaders(payment, { timestamp }), body: payment }, now);
    expect(refusalOf(at(nowSeconds - 300))).toBeUndefined();
    expect(refusalOf(at(nowSeconds + 300))).toBeUndefined();
    expect(refusalOf(at(nowSeconds - 301))).toBe('staleTimestamp');
    expect(refusalOf(at(nowSeconds + 301))).toBe('staleTimestamp');
  });
});

describe('a notification that is not provably from WeChat Pay is refused', () => {
  const headers = platformHeaders(payment, { timestamp: nowSeconds });

  it('a changed body', () => {
    const body = payment.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS ');
    expect(refusalOf(() => parseWeChatPayNotification(config, { headers, body }, now))).toBe('badSignature');
  });

  it('a changed signature', () => {
    const signature = headers['Wechatpay-Signature']!;
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(
      refusalOf(() => parseWeChatPayNotification(config, { headers: { ...headers, 'Wechatpay-Signature': flipped }, body: payment }, now)),
    ).toBe('badSignature');
  });

  it('a changed timestamp (the signature covers it)', () => {
    expect(
      refusalOf(() =>
        parseWeChatPayNotification(config, { headers: { ...headers, 'Wechatpay-Timestamp': String(nowSeconds - 1) }, body: payment }, now),
      ),
    ).toBe('badSignature');
  });

  it('a signature by another key under our key id', () => {
    const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = platformHeaders(payment, { timestamp: nowSeconds, key: impostor });
    expect(refusalOf(() => parseWeChatPayNotification(config, { headers: forged, body: payment }, now))).toBe('badSignature');
  });

  it('an unknown key id or a missing header', () => {
    const unknown = platformHeaders(payment, { timestamp: nowSeconds, serial: 'PUB_KEY_ID_0000' });
    expect(refusalOf(() => parseWeChatPayNotification(config, { headers: unknown, body: payment }, now))).toBe('unknownSerial');
    const { ['Wechatpay-Nonce']: _nonce, ...withoutNonce } = headers;
    expect(refusalOf(() => parseWeChatPayNotification(config, { headers: withoutNonce, body: payment }, now))).toBe('missingHeader');
  });

  it('a resource sealed with another APIv3 key, or with a changed tag', () => {
    const otherKey = notificationBody('TRANSACTION.SUCCESS', paidTransaction('P20261123000001', 1100), {
      key: 'Z'.repeat(32),
    });
    expect(
      refusalOf(() => parseWeChatPayNotification(config, { headers: platformHeaders(otherKey, { timestamp: nowSeconds }), body: otherKey }, now)),
    ).toBe('undecryptable');

    const envelope = JSON.parse(payment) as { resource: { ciphertext: string } };
    const sealed = Buffer.from(envelope.resource.ciphertext, 'base64');
    sealed.writeUInt8(sealed.readUInt8(sealed.length - 1) ^ 0x01, sealed.length - 1);
    envelope.resource.ciphertext = sealed.toString('base64');
    const tampered = JSON.stringify(envelope);
    expect(
      refusalOf(() => parseWeChatPayNotification(config, { headers: platformHeaders(tampered, { timestamp: nowSeconds }), body: tampered }, now)),
    ).toBe('undecryptable');
  });

  it("another merchant's payment, even correctly signed and sealed", () => {
    const foreign = notificationBody('TRANSACTION.SUCCESS', { ...paidTransaction('P20261123000001', 1100), mchid: '1900000999' });
    expect(
      refusalOf(() => parseWeChatPayNotification(config, { headers: platformHeaders(foreign, { timestamp: nowSeconds }), body: foreign }, now)),
    ).toBe('notOurMerchant');
  });
});

describe('a refund notification', () => {
  it('becomes a refund event', () => {
    const body = notificationBody(
      'REFUND.SUCCESS',
      {
        mchid: testMchId,
        out_trade_no: 'P20261123000001',
        transaction_id: '4200000985202611230123456789',
        out_refund_no: 'R20261123000001',
        refund_id: '50000000382019052709732678859',
        refund_status: 'SUCCESS',
        success_time: '2026-11-23T11:00:00+08:00',
        user_received_account: '支付用户零钱',
        amount: { total: 1100, refund: 500, payer_total: 1100, payer_refund: 500 },
      },
      { associatedData: 'refund', id: 'EV-refund-1' },
    );
    expect(parseWeChatPayNotification(config, { headers: platformHeaders(body, { timestamp: nowSeconds }), body }, now)).toEqual({
      kind: 'refund',
      eventId: 'EV-refund-1',
      outTradeNo: 'P20261123000001',
      outRefundNo: 'R20261123000001',
      refundId: '50000000382019052709732678859',
      transactionId: '4200000985202611230123456789',
      state: 'SUCCESS',
      refundFen: 500,
      totalFen: 1100,
      successTime: '2026-11-23T11:00:00+08:00',
    });
  });
});

describe('resource cipher', () => {
  const resource = encryptResource(apiV3Key, '{"ok":true}', '0123456789ab', 'certificate');

  it('opens what it seals, and nothing that was changed', () => {
    expect(decryptResource(apiV3Key, resource)).toBe('{"ok":true}');
    expect(decryptResource(apiV3Key, { ...resource, associated_data: 'transaction' })).toBeNull();
    expect(decryptResource(apiV3Key, { ...resource, nonce: '0123456789ac' })).toBeNull();
    expect(decryptResource(apiV3Key, { ...resource, ciphertext: Buffer.from('short').toString('base64') })).toBeNull();
  });
});
