import type { DriverCoupon, DriverCouponsResponse } from '@shared/coupons/driverCoupons.js';
import type { Coupon } from '@shared/coupons/coupon.js';
import { driverRequest } from '../auth/driverLogin.js';

export type { DriverCoupon };

/** The driver's coupons on their bound plates (shared/coupons driverCouponSchema). */
export const fetchDriverCoupons = (): Promise<DriverCouponsResponse> => driverRequest<DriverCouponsResponse>('GET', '/driver/coupons');

/** Claims with a scanned claim code for one of the driver's bound plates; the same `attemptKey` claims once. */
export const claimCoupon = (token: string, plate: string, attemptKey: string): Promise<{ coupon: Coupon }> =>
  driverRequest<{ coupon: Coupon }>('POST', '/driver/claims', { body: { token, plate }, headers: { 'idempotency-key': attemptKey } });
