import { createHash, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors/index.js';
import { PaymentRefused } from '../../../shared/payments/index.js';
import {
  merchantKeys,
  merchantSerialNo,
  paidTransaction,
  platformHeaders,
  testAppId,
  testConfig,
  testMchId,
} from './testKeys.js';
import { WeChatPayProvider, type WeChatPayProviderDependencies } from './weChatPayProvider.js';

/*
 * The real client against a stand-in for api.mch.weixin.qq.com on 127.0.0.1. The stand-in
 * refuses any request whose Authorization header does not verify per the spec (checked here
 * with node:crypto, independently of the code under test) and answers with spec-shaped bodies
 * signed by the test platform key.
 */

interface Received {
  method: string;
  url: string;
  body: unknown;
}

interface Answer {
  status: number;
  body?: unknown;
  /** Raw text instead of JSON (bill files). */
  text?: string;
  signed?: boolean;
  /** Never answer (a timeout). */
  hang?: boolean;
}

type Script = (request: Received) => Answer;

let server: Server;
let baseUrl: string;
let script: Script;
let received: Received[];

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** WECHATPAY2-SHA256-RSA2048 per pay.weixin.qq.com "签名生成". */
const authorizationIsValid = (method: string, url: string, body: string, header: string | undefined): boolean => {
  const match = /^WECHATPAY2-SHA256-RSA2048 mchid="([^"]+)",nonce_str="([^"]+)",signature="([^"]+)",timestamp="(\d+)",serial_no="([^"]+)"$/.exec(
    header ?? '',
  );
  if (match === null) return false;
  const [, mchid, nonce, signature, timestamp, serial] = match;
  if (mchid !== testMchId || serial !== merchantSerialNo) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const message = `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
  return verify('sha256', Buffer.from(message, 'utf8'), merchantKeys.publicKey, Buffer.from(signature!, 'base64'));
};

const answer = (response: ServerResponse, { status, body, text, signed = true }: Answer): void => {
  const payload = text ?? (body === undefined ? '' : JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': text === undefined ? 'application/json; charset=utf-8' : 'text/plain' };
  if (signed && text === undefined) Object.assign(headers, platformHeaders(payload, { timestamp: Math.floor(Date.now() / 1000) }));
  response.writeHead(status, headers).end(payload);
};

beforeAll(async () => {
  server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const method = request.method ?? '';
      const url = request.url ?? '';
      if (!authorizationIsValid(method, url, text, request.headers.authorization)) {
        answer(response, { status: 401, body: { code: 'SIGN_ERROR', message: '签名错误' } });
        return;
      }
      const entry = { method, url, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
      received.push(entry);
      const reply = script(entry);
      if (!reply.hang) answer(response, reply);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  script = () => ({ status: 500, body: { code: 'SYSTEM_ERROR', message: 'unscripted' } });
});

const sleeps: number[] = [];
const provider = (overrides: Parameters<typeof testConfig>[1] = {}, dependencies: WeChatPayProviderDependencies = {}) =>
  new WeChatPayProvider(testConfig(baseUrl, overrides), {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    micropay: { pollIntervalMs: 2_000, maxPolls: 3 },
    ...dependencies,
  });

const failureOf = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('JSAPI prepay', () => {
  it('sends the documented order and returns what Taro.requestPayment needs, signed by the merchant', async () => {
    script = () => ({ status: 200, body: { prepay_id: 'wx201410272009395522657a690389285100' } });
    const created = await provider().createJsapiOrder({
      outTradeNo: 'P20261123000001',
      description: '停车费 粤B12345',
      amountFen: 1100,
      payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      expiresAt: '2026-11-23T10:15:00+08:00',
    });
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/v3/pay/transactions/jsapi',
        body: {
          appid: testAppId,
          mchid: testMchId,
          description: '停车费 粤B12345',
          out_trade_no: 'P20261123000001',
          time_expire: '2026-11-23T10:15:00+08:00',
          notify_url: 'https://parkade.example.com/payments/wechat/notify',
          amount: { total: 1100, currency: 'CNY' },
          payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
        },
      },
    ]);
    const { payment } = created;
    expect(created.prepayId).toBe('wx201410272009395522657a690389285100');
    expect(payment).toMatchObject({ package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' });
    expect(payment.timeStamp).toMatch(/^\d{10}$/);
    const message = `${testAppId}\n${payment.timeStamp}\n${payment.nonceStr}\n${payment.package}\n`;
    expect(verify('sha256', Buffer.from(message), merchantKeys.publicKey, Buffer.from(payment.paySign, 'base64'))).toBe(true);
  });

  it('an already-paid order is a refusal the caller can act on', async () => {
    script = () => ({ status: 403, body: { code: 'ORDERPAID', message: '该订单已支付' } });
    const error = await failureOf(
      provider().createJsapiOrder({ outTradeNo: 'P20261123000001', description: 'x', amountFen: 1, payerOpenId: 'o' }),
    );
    expect(error).toBeInstanceOf(PaymentRefused);
    expect({ code: error.code, reason: (error as PaymentRefused).reason }).toEqual({ code: 'CONFLICT', reason: 'alreadyPaid' });
  });
});

describe('query, close, refund', () => {
  it('queries by our order number, with the merchant id in the signed URL', async () => {
    script = () => ({ status: 200, body: paidTransaction('P20261123000001', 1100) });
    expect(await provider().queryOrder('P20261123000001')).toEqual({
      outTradeNo: 'P20261123000001',
      state: 'SUCCESS',
      amountFen: 1100,
      transactionId: '4200000985202611230123456789',
      payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      successTime: '2026-11-23T10:00:03+08:00',
    });
    expect(received[0]).toMatchObject({ method: 'GET', url: `/v3/pay/transactions/out-trade-no/P20261123000001?mchid=${testMchId}` });
  });

  it('an unpaid order has no transaction yet', async () => {
    script = () => ({
      status: 200,
      body: { appid: testAppId, mchid: testMchId, out_trade_no: 'P20261123000002', trade_state: 'NOTPAY', trade_state_desc: '订单未支付', amount: { total: 800, currency: 'CNY' } },
    });
    expect(await provider().queryOrder('P20261123000002')).toEqual({ outTradeNo: 'P20261123000002', state: 'NOTPAY', amountFen: 800 });
  });

  it('an unknown order is NOT_FOUND', async () => {
    script = () => ({ status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } });
    expect((await failureOf(provider().queryOrder('P20261123000009'))).code).toBe('NOT_FOUND');
  });

  it('closes (204, empty signed body); closing a closed order is fine; a paid one is not', async () => {
    script = () => ({ status: 204 });
    await provider().closeOrder('P20261123000002');
    expect(received[0]).toEqual({ method: 'POST', url: '/v3/pay/transactions/out-trade-no/P20261123000002/close', body: { mchid: testMchId } });
    script = () => ({ status: 400, body: { code: 'ORDER_CLOSED', message: '订单已关闭' } });
    await provider().closeOrder('P20261123000002');
    script = () => ({ status: 403, body: { code: 'ORDERPAID', message: '订单已支付' } });
    expect(await failureOf(provider().closeOrder('P20261123000002'))).toMatchObject({ code: 'CONFLICT', reason: 'alreadyPaid' });
  });

  it('refunds part of a payment', async () => {
    script = () => ({
      status: 200,
      body: {
        refund_id: '50000000382019052709732678859',
        out_refund_no: 'R20261123000001',
        transaction_id: '4200000985202611230123456789',
        out_trade_no: 'P20261123000001',
        channel: 'ORIGINAL',
        user_received_account: '支付用户零钱',
        create_time: '2026-11-23T11:00:00+08:00',
        status: 'PROCESSING',
        amount: { total: 1100, refund: 500, payer_total: 1100, payer_refund: 500, currency: 'CNY' },
      },
    });
    const refund = await provider().refund({ outTradeNo: 'P20261123000001', outRefundNo: 'R20261123000001', refundFen: 500, totalFen: 1100, reason: '多收' });
    expect(refund).toEqual({
      outTradeNo: 'P20261123000001',
      outRefundNo: 'R20261123000001',
      refundId: '50000000382019052709732678859',
      transactionId: '4200000985202611230123456789',
      state: 'PROCESSING',
      refundFen: 500,
      totalFen: 1100,
    });
    expect(received[0]).toEqual({
      method: 'POST',
      url: '/v3/refund/domestic/refunds',
      body: {
        out_trade_no: 'P20261123000001',
        out_refund_no: 'R20261123000001',
        reason: '多收',
        notify_url: 'https://parkade.example.com/payments/wechat/notify',
        amount: { refund: 500, total: 1100, currency: 'CNY' },
      },
    });
  });

  it('a refund the merchant balance cannot cover is PRECONDITION_FAILED', async () => {
    script = () => ({ status: 403, body: { code: 'NOT_ENOUGH', message: '基本账户余额不足' } });
    const error = await failureOf(provider().refund({ outTradeNo: 'P1234567', outRefundNo: 'R1', refundFen: 1, totalFen: 1 }));
    expect(error).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'merchantBalanceTooLow', providerCode: 'NOT_ENOUGH' });
  });
});

describe('failures that mean "try again later" or "our mistake"', () => {
  it('SYSTEM_ERROR and rate limits are UNAVAILABLE', async () => {
    script = () => ({ status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } });
    expect((await failureOf(provider().queryOrder('P20261123000001'))).code).toBe('UNAVAILABLE');
    script = () => ({ status: 429, body: { code: 'FREQUENCY_LIMITED', message: '频率超限' } });
    expect((await failureOf(provider().queryOrder('P20261123000001'))).code).toBe('UNAVAILABLE');
  });

  it('no answer within the deadline is UNAVAILABLE', async () => {
    script = () => ({ status: 200, hang: true });
    const error = await failureOf(provider({ timeoutMs: 150 }).queryOrder('P20261123000001'));
    expect(error.code).toBe('UNAVAILABLE');
  });

  it('an answer without a valid platform signature is not trusted', async () => {
    script = () => ({ status: 200, body: paidTransaction('P20261123000001', 1100), signed: false });
    expect((await failureOf(provider().queryOrder('P20261123000001'))).message).toMatch(/missingHeader/);
  });

  it('a request WeChat cannot authenticate is our misconfiguration (INTERNAL)', async () => {
    const otherMerchant = provider({ mchId: '1900000888' });
    expect((await failureOf(otherMerchant.queryOrder('P20261123000001'))).code).toBe('INTERNAL');
  });
});

describe('payment code (micropay)', () => {
  const charge = { outTradeNo: 'L20261123000001', description: '停车费', amountFen: 600, paymentCode: '134567890123456789', storeId: 'lot-1' };

  it('a code paid at once is SUCCESS', async () => {
    script = () => ({ status: 200, body: { ...paidTransaction('L20261123000001', 600), trade_type: 'MICROPAY' } });
    expect(await provider().micropay(charge)).toMatchObject({ state: 'SUCCESS', amountFen: 600 });
    expect(received[0]).toMatchObject({
      url: '/v3/pay/transactions/codepay',
      body: { payer: { auth_code: '134567890123456789' }, amount: { total: 600, currency: 'CNY' }, scene_info: { store_info: { out_id: 'lot-1' } } },
    });
  });

  it('USERPAYING: waits, queries until the payer has confirmed', async () => {
    let queries = 0;
    script = ({ url }) => {
      if (url.endsWith('/codepay')) return { status: 202, body: { trade_state: 'USERPAYING' } };
      queries += 1;
      return queries < 2
        ? { status: 200, body: { appid: testAppId, mchid: testMchId, out_trade_no: 'L20261123000001', trade_state: 'USERPAYING' } }
        : { status: 200, body: paidTransaction('L20261123000001', 600) };
    };
    sleeps.length = 0;
    expect(await provider().micropay(charge)).toMatchObject({ state: 'SUCCESS', transactionId: '4200000985202611230123456789' });
    expect(sleeps).toEqual([2_000, 2_000]);
  });

  it('USERPAYING as an error code is handled the same way', async () => {
    script = ({ url }) =>
      url.endsWith('/codepay')
        ? { status: 403, body: { code: 'USERPAYING', message: '需要用户输入支付密码' } }
        : { status: 200, body: paidTransaction('L20261123000001', 600) };
    expect((await provider().micropay(charge)).state).toBe('SUCCESS');
  });

  it('a payer who never confirms: the charge is reversed', async () => {
    script = ({ url }) => {
      if (url.endsWith('/reverse')) return { status: 200, body: {} };
      return { status: 200, body: { appid: testAppId, mchid: testMchId, out_trade_no: 'L20261123000001', trade_state: 'USERPAYING' } };
    };
    expect((await provider().micropay(charge)).state).toBe('REVOKED');
    expect(received.map(({ url }) => url).at(-1)).toBe('/v3/pay/transactions/out-trade-no/L20261123000001/reverse');
    expect(received.filter(({ url }) => url.includes('?mchid=')).length).toBe(3);
  });

  it('a charge that never reached WeChat reports the original failure', async () => {
    script = ({ url }) =>
      url.endsWith('/codepay')
        ? { status: 500, body: { code: 'SYSTEM_ERROR', message: '系统繁忙' } }
        : { status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } };
    expect((await failureOf(provider().micropay(charge))).code).toBe('UNAVAILABLE');
  });

  it("the payer's balance is too low", async () => {
    script = () => ({ status: 403, body: { code: 'NOTENOUGH', message: '余额不足' } });
    expect(await failureOf(provider().micropay(charge))).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'payerFundsTooLow' });
  });
});

describe('trade bill', () => {
  const bill =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n' +
    '`2026-11-22 09:15:02,`wxd678efh567hg6787,`1900000109,`0,`,`4200000985202611220000000001,`P20261122000001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`11.00,`0.00,`0,`0,`0.00,`0.00,`,`,`停车费,`,`0.07000,`0.60%,`11.00,`0.00,`\r\n' +
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n' +
    '`1,`11.00,`0.00,`0.00,`0.07000,`11.00,`0.00\r\n';
  const sha1 = createHash('sha1').update(bill).digest('hex');

  it('applies for the bill, downloads it with a signed request, checks its SHA1 and parses it', async () => {
    script = ({ url }) =>
      url.startsWith('/v3/bill/tradebill')
        ? { status: 200, body: { hash_type: 'SHA1', hash_value: sha1, download_url: `${baseUrl}/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO` } }
        : { status: 200, text: bill };
    const downloaded = await provider().downloadTradeBill('2026-11-22');
    expect(received.map(({ url }) => url)).toEqual([
      '/v3/bill/tradebill?bill_date=2026-11-22&bill_type=ALL',
      '/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO',
    ]);
    expect(downloaded.records).toHaveLength(1);
    expect(downloaded.records[0]).toMatchObject({ outTradeNo: 'P20261122000001', orderFen: 1100, tradeState: 'SUCCESS' });
    expect(downloaded.summary).toMatchObject({ tradeCount: 1, orderFen: 1100 });
  });

  it('a file that does not match its SHA1 is refused', async () => {
    script = ({ url }) =>
      url.startsWith('/v3/bill/tradebill')
        ? { status: 200, body: { hash_type: 'SHA1', hash_value: sha1, download_url: `${baseUrl}/v3/billdownload/file?token=t` } }
        : { status: 200, text: bill.replace('11.00', '1.00') };
    expect((await failureOf(provider().downloadTradeBill('2026-11-22'))).code).toBe('UNAVAILABLE');
  });

  it('never sends our signature to another host', async () => {
    script = () => ({ status: 200, body: { hash_type: 'SHA1', hash_value: sha1, download_url: 'https://elsewhere.example.com/file?token=t' } });
    expect((await failureOf(provider().downloadTradeBill('2026-11-22'))).code).toBe('UNAVAILABLE');
    expect(received).toHaveLength(1);
  });
});
