import { describe, expect, it } from 'vitest';
import { couponPolicySchema } from '../coupons/index.js';
import { changeLotSettings, lotSchema, lotSettingsChangeSchema, newLotSchema, registerDevice, rotateDeviceSecret } from './lotSettings.js';

describe('newLotSchema', () => {
  it('gives a lot Shanghai time, no holidays and the default coupon policy unless it says otherwise', () => {
    expect(newLotSchema.parse({ lotId: 'lot-a', name: ' 大悦城 ', capacity: 300 })).toEqual({
      lotId: 'lot-a',
      name: '大悦城',
      capacity: 300,
      timezone: 'Asia/Shanghai',
      holidays: [],
      couponPolicy: couponPolicySchema.parse({}),
    });
    expect(newLotSchema.parse({ lotId: 'lot-a', name: 'A', capacity: 1, couponPolicy: { maxCouponsPerSession: 1 } }).couponPolicy).toMatchObject({
      maxCouponsPerSession: 1,
      fullCouponsAllowed: true,
    });
  });

  it('refuses ids that cannot be keys, no spaces, and an unknown zone', () => {
    const result = newLotSchema.safeParse({ lotId: 'lot#1', name: '', capacity: 0, timezone: 'Nowhere/Else' });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual(['lotId', 'name', 'timezone', 'capacity']);
  });
});

describe('devices', () => {
  const lane = { lotId: 'lot-a', laneId: 'gate-out', name: '出口', direction: 'exit' as const, createdAt: '2026-11-23T10:00:00.000Z' };

  it('registers a device on a lane with the lane’s direction, active, at secret version 1; rotation moves the version on', () => {
    const device = registerDevice(lane, 'dev-1', '2026-11-23T11:00:00.000Z');
    expect(device).toEqual({ deviceId: 'dev-1', lotId: 'lot-a', laneId: 'gate-out', direction: 'exit', secretVersion: 1, status: 'active', createdAt: '2026-11-23T11:00:00.000Z' });
    expect(rotateDeviceSecret(rotateDeviceSecret(device)).secretVersion).toBe(3);
  });
});

describe('changeLotSettings', () => {
  const lot = lotSchema.parse({ lotId: 'lot-a', name: '大悦城', capacity: 300, couponPolicy: { maxAmountFenPerSession: 5_000 }, createdAt: '2026-11-23T10:00:00.000Z' });

  it('replaces what the change gives, merges the policy field by field (null lifts a cap), and moves the version on', () => {
    const holidays = [{ name: '春节前一月', from: '2027-01-06', to: '2027-02-05' }];
    const changed = changeLotSettings(lot, lotSettingsChangeSchema.parse({ capacity: 320, holidays, couponPolicy: { maxAmountFenPerSession: null, maxCouponsPerSession: 2 } }));
    expect(changed).toEqual({ ...lot, capacity: 320, holidays, couponPolicy: { ...couponPolicySchema.parse({}), maxCouponsPerSession: 2 }, version: 1 });
    expect(changeLotSettings(changed, { name: '大悦城购物中心' })).toMatchObject({ name: '大悦城购物中心', capacity: 320, holidays, version: 2 });
  });

  it('refuses unknown fields, a period that ends before it starts, and a new time zone', () => {
    for (const change of [{ couponPolicy: { maxCoupons: 1 } }, { holidays: [{ name: '国庆', from: '2026-10-07', to: '2026-10-01' }] }, { timezone: 'Asia/Tokyo' }]) {
      expect(lotSettingsChangeSchema.safeParse(change).success).toBe(false);
    }
  });
});
