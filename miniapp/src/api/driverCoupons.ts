import type { DriverCoupon, DriverCouponsResponse } from '@shared/coupons/driverCoupons.js';
import { driverRequest } from '../auth/driverLogin.js';

export type { DriverCoupon };

/** The driver's coupons on their bound plates (shared/coupons driverCouponSchema). */
export const fetchDriverCoupons = (): Promise<DriverCouponsResponse> => driverRequest<DriverCouponsResponse>('GET', '/driver/coupons');

/** Claims with a scanned claim code for one of the driver's bound plates (answers the coupon as the list shows it); the same `attemptKey` claims once. */
export const claimCoupon = (token: string, plate: string, attemptKey: string): Promise<{ coupon: DriverCoupon }> =>
  driverRequest<{ coupon: DriverCoupon }>('POST', '/driver/claims', { body: { token, plate }, headers: { 'idempotency-key': attemptKey } });
