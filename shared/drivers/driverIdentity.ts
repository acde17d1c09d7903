import { createHash } from 'node:crypto';

/**
 * Parkade's id for the driver behind a WeChat openid: derived, so a first login needs no
 * lookup table and two racing first logins cannot create two accounts. The openid itself stays
 * out of URLs and logs that only need the driver.
 */
export const driverIdOf = (openId: string): string => `drv-${createHash('sha256').update(`wechat:${openId}`).digest('hex').slice(0, 24)}`;

/** A phone number shown back to its owner: 139****1234. */
export const maskPhone = (phone: string): string => (phone.length < 7 ? '****' : `${phone.slice(0, 3)}****${phone.slice(-4)}`);
