import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizationHeader, paySign, platformPublicKey, verifyMessage } from './signatures.js';
import { merchantKeys, merchantSerialNo, platformKeys, testMchId } from './testKeys.js';

const independentlyVerified = (message: string, signature: string, publicKey = merchantKeys.publicKey): boolean =>
  verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));

describe('request Authorization header', () => {
  const request = {
    method: 'POST',
    pathAndQuery: '/v3/pay/transactions/jsapi',
    body: '{"appid":"wxd678efh567hg6787","description":"停车费 粤B12345"}',
    timestamp: 1554208460,
    nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
  };

  it('has the documented layout and a signature over METHOD\\nURL\\ntimestamp\\nnonce\\nbody\\n', () => {
    const header = authorizationHeader({ mchId: testMchId, serialNo: merchantSerialNo, privateKey: merchantKeys.privateKey }, request);
    const match = /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="(\w+)",signature="([^"]+)",timestamp="(\d+)",serial_no="(\w+)"$/.exec(header);
    expect(match).not.toBeNull();
    const [, mchid, nonce, signature, timestamp, serial] = match!;
    expect({ mchid, nonce, timestamp, serial }).toEqual({
      mchid: testMchId,
      nonce: request.nonce,
      timestamp: '1554208460',
      serial: merchantSerialNo,
    });
    const message = `POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${request.body}\n`;
    expect(independentlyVerified(message, signature!)).toBe(true);
    expect(independentlyVerified(message.replace('粤B12345', '粤B12346'), signature!)).toBe(false);
  });

  it('signs a GET with its query and an empty body line', () => {
    const header = authorizationHeader(
      { mchId: testMchId, serialNo: merchantSerialNo, privateKey: merchantKeys.privateKey },
      { method: 'get', pathAndQuery: '/v3/pay/transactions/out-trade-no/P123456?mchid=1900000109', body: '', timestamp: 1, nonce: 'N' },
    );
    const signature = /signature="([^"]+)"/.exec(header)![1]!;
    expect(independentlyVerified('GET\n/v3/pay/transactions/out-trade-no/P123456?mchid=1900000109\n1\nN\n\n', signature)).toBe(true);
  });
});

describe('JSAPI paySign', () => {
  it('signs appId\\ntimeStamp\\nnonceStr\\npackage\\n with the merchant key', () => {
    const input = {
      appId: 'wx8888888888888888',
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
    };
    const signature = paySign(merchantKeys.privateKey, input);
    expect(
      independentlyVerified(
        'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
        signature,
      ),
    ).toBe(true);
    expect(independentlyVerified('wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=other\n', signature)).toBe(false);
  });
});

describe('platform keys', () => {
  it('reads a platform certificate as well as a bare public key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parkade-cert-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Tenpay.com Root CA test',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { stdio: 'ignore' });
      const certificateKey = platformPublicKey(readFileSync(join(dir, 'cert.pem'), 'utf8'));
      const signed = sign('sha256', Buffer.from('ts\nnonce\nbody\n'), readFileSync(join(dir, 'key.pem'), 'utf8')).toString('base64');
      expect(verifyMessage(certificateKey, 'ts\nnonce\nbody\n', signed)).toBe(true);
      expect(verifyMessage(platformPublicKey(platformKeys.publicPem), 'ts\nnonce\nbody\n', signed)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a signature that is not base64 of the right length without throwing', () => {
    expect(verifyMessage(platformKeys.publicKey, 'x\n', 'not a signature')).toBe(false);
  });
});
