import { describe, expect, it } from 'vitest';
import { couponRefusalCodes } from '../../../shared/coupons/couponRefused.js';
import { errorCodes } from '../../../shared/errors/domainError.js';
import { claimRefusalCodes } from '../../../shared/merchants/claimCode.js';
import { ledgerRefusalCodes } from '../../../shared/merchants/ledgerRefused.js';
import { ApiError } from './apiError.js';
import { refusalText } from './refusalText.js';

const refused = (code: ApiError['code'], details?: unknown) => new ApiError(code, 'English for developers', 409, details);

const genericTexts = new Set(errorCodes.map((code) => refusalText(refused(code))));

describe('what a driver reads when the API refuses', () => {
  it('has a sentence of its own for every coupon, claim and merchant-ledger refusal a claim can meet', () => {
    const reasons = [...Object.keys(couponRefusalCodes), ...claimRefusalCodes, ...Object.keys(ledgerRefusalCodes)].filter(
      // Refusals of staff and administrators' actions, which no driver's call can produce.
      (reason) => !['COUPON_NOT_OPEN', 'COUPON_NOT_EXPIRED', 'RECHARGE_NOT_ALLOWED', 'SETTLEMENT_EXCEEDS_DUE', 'CREDIT_LIMIT_BELOW_USE'].includes(reason),
    );
    for (const reason of reasons) {
      const text = refusalText(refused('CONFLICT', { reason }));
      expect(genericTexts.has(text), `${reason} → ${text}`).toBe(false);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('says the numbers a refusal carries', () => {
    expect(refusalText(refused('CONFLICT', { reason: 'CLAIM_PER_DRIVER_LIMIT', perDriverLimit: 2 }))).toBe('每人限领2张，您已领过了');
    expect(refusalText(refused('CONFLICT', { reason: 'tooManyPlates', maxPlates: 5 }))).toBe('最多绑定5个车牌，请先删除一个');
    expect(refusalText(refused('CONFLICT', { reason: 'plateLimitReached', maxPlatesPerDriver: 3 }))).toBe('每个账户最多3个会员车牌');
  });

  it('explains the exit lane and a code scanned at the wrong lane', () => {
    expect(refusalText(refused('NOT_FOUND', { reason: 'laneEmpty' }))).toBe('出口车道上还没有车辆，请把车开到出口道闸前再扫码');
    expect(refusalText(refused('VALIDATION_FAILED', { laneId: 'lane-east-in', direction: 'entry' }))).toBe('这是入口车道的二维码，出场缴费请扫描出口的二维码');
    expect(refusalText(refused('NOT_FOUND', { lotId: 'lot-1', laneId: 'nope' }))).toBe('没有找到这个车道，请确认扫描的是本车场的二维码');
  });

  it('falls back to the code for a reason it does not know, and to the client’s own words for a lost connection', () => {
    expect(refusalText(refused('RATE_LIMITED', { reason: 'somethingNew' }))).toBe('查询过于频繁，请稍后再试');
    expect(refusalText(new ApiError('NETWORK_FAILED', '网络连接失败，请检查网络后重试', null))).toBe('网络连接失败，请检查网络后重试');
    expect(refusalText(new Error('boom'))).toBe('出现未知错误，请稍后重试');
    expect(genericTexts.size).toBe(errorCodes.length);
  });
});
