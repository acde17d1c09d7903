import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiError.js';
import { merchantRefusalText } from './merchantRefusalText.js';

const refused = (code: ApiError['code'], details?: unknown, message = 'English for developers') => new ApiError(code, message, 409, details);

describe('what merchant staff read when the API refuses', () => {
  it('a grant beyond balance + credit says how much is available and what the coupon costs', () => {
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'INSUFFICIENT_FUNDS', priceFen: 500, availableFen: 120, shortfallFen: 380 }))).toBe(
      '余额与授信额度不足，请先充值（可用 ¥1.20，本券需 ¥5.00）',
    );
  });

  it('each policy limit names its maximum', () => {
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'SESSION_COUPON_LIMIT', max: 3, current: 3 }))).toBe('这次停车的停车券已达上限（每次最多 3 张）');
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'SESSION_MINUTES_LIMIT', max: 240, current: 180, requested: 120 }))).toBe(
      '这次停车的免费时长已达上限（每次最多 240 分钟）',
    );
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'SESSION_AMOUNT_LIMIT', maxFen: 2000 }))).toBe('这次停车的抵扣金额已达上限（每次最多 ¥20.00）');
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'DAILY_PLATE_LIMIT', max: 3, current: 3 }))).toBe('今天给这辆车发的券已达上限（每天最多 3 张）');
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'SESSION_ALREADY_FREE' }))).toBe('这次停车已经免费，无需再发券');
  });

  it('a suspended merchant, a receipt below the threshold and a used coupon each get their own sentence', () => {
    expect(merchantRefusalText(refused('FORBIDDEN', { reason: 'MERCHANT_SUSPENDED', merchantId: 'm-1' }))).toBe('商户已被暂停，暂不能发券，请联系停车场管理处');
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'RECEIPT_BELOW_THRESHOLD', receiptFen: 5000, thresholdFen: 8800 }))).toBe(
      '小票金额未达到发券门槛（需满 ¥88.00）',
    );
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'COUPON_NOT_OPEN' }))).toBe('这张券已使用、过期或已撤销，不能撤销');
  });

  it('a refusal without its numbers still reads as a sentence', () => {
    expect(merchantRefusalText(refused('CONFLICT', { reason: 'INSUFFICIENT_FUNDS' }))).toBe('余额与授信额度不足，请先充值');
  });

  it('login: bad credentials and too many attempts, with the wait when the API gives one', () => {
    expect(merchantRefusalText(refused('UNAUTHORIZED', { reason: 'badCredentials' }), 'login')).toBe('账号或密码错误');
    expect(merchantRefusalText(refused('RATE_LIMITED', { reason: 'LOGIN_LOCKED', lockedBy: ['perLogin'], retryAfterSeconds: 300 }), 'login')).toBe(
      '登录尝试过于频繁，请 5 分钟后再试',
    );
    expect(merchantRefusalText(refused('RATE_LIMITED', { retryAfterSeconds: 42 }), 'login')).toBe('登录尝试过于频繁，请 42 秒后再试');
    expect(merchantRefusalText(refused('RATE_LIMITED', {}), 'login')).toBe('登录尝试过于频繁，请稍后再试');
    expect(merchantRefusalText(refused('UNAUTHORIZED'))).toBe('登录已失效，请重新登录');
  });

  it('a bad plate is named whether the edge or the core found it', () => {
    expect(merchantRefusalText(refused('VALIDATION_FAILED', { issues: [{ path: 'body.plate', message: 'too long' }] }))).toBe('车牌格式不正确，请核对后重试');
    expect(merchantRefusalText(refused('VALIDATION_FAILED', { issues: [{ path: '(root)', message: 'bad' }] }, 'Invalid plate: (root): bad'))).toBe(
      '车牌格式不正确，请核对后重试',
    );
  });

  it('network failures keep their own message; anything else is a generic sentence, never English', () => {
    expect(merchantRefusalText(new ApiError('NETWORK_FAILED', '网络连接失败，请检查网络后重试', null))).toBe('网络连接失败，请检查网络后重试');
    expect(merchantRefusalText(new Error('boom'))).toBe('出现未知错误，请稍后重试');
    expect(merchantRefusalText(refused('INTERNAL'))).toBe('服务异常，请稍后重试');
  });
});
