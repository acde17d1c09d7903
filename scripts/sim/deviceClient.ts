/**
 * Speaks to the API exactly as a lane device does: every request signed with the device's secret
 * (shared/devices `signDeviceRequest`, DESIGN.md "Lane devices"). The lane simulator and the
 * integration tests both use it; the tests override the clock and the nonce to provoke refusals.
 */
import { randomBytes } from 'node:crypto';
import { signDeviceRequest } from '../../shared/devices/index.js';

export interface DeviceCredentials {
  deviceId: string;
  secret: string;
  laneId: string;
  direction: 'entry' | 'exit';
}

export interface DeviceCall {
  method: 'GET' | 'POST';
  /** Path with an optional query string (the signature covers the path only). */
  path: string;
  /** The exact body bytes sent and signed; objects are sent as JSON. */
  body?: unknown;
  /** The device's clock (default: now). */
  now?: Date;
  nonce?: string;
  headers?: Record<string, string>;
}

export const newNonce = (): string => randomBytes(16).toString('hex');

export const deviceFetch = (apiUrl: string, device: DeviceCredentials, call: DeviceCall): Promise<Response> => {
  const body = call.body === undefined ? '' : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  const signature = signDeviceRequest(device.secret, {
    deviceId: device.deviceId,
    method: call.method,
    path: call.path,
    body,
    timestamp: Math.floor((call.now ?? new Date()).getTime() / 1000),
    nonce: call.nonce ?? newNonce(),
  });
  return fetch(`${apiUrl}${call.path}`, {
    method: call.method,
    headers: { ...(call.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...signature, ...call.headers },
    ...(call.method === 'POST' ? { body } : {}),
  });
};
