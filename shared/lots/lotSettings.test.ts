import { describe, expect, it } from 'vitest';
import { couponPolicySchema } from '../coupons/index.js';
import { newLotSchema, registerDevice, rotateDeviceSecret } from './lotSettings.js';

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
