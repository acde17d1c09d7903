/**
 * Who is calling: a registered, active lane device whose request is signed with its derived
 * secret (DESIGN.md "Lane devices"). Order matters: nothing is written unless the signature is
 * good, and the nonce is the first and only write of authentication. Any failure is 401.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { deriveDeviceSecret, deviceUnauthorized, readDeviceHeaders, verifyDeviceSignature } from '../../shared/devices/index.js';
import type { LaneDevice } from '../../shared/sessions/index.js';
import { appendRequestKeys, logger } from '../http/index.js';
import { deviceMasterKey } from './deviceMasterKey.js';
import { findDevice, rememberNonce } from './devices.js';

/** The body exactly as the device sent it: the bytes it signed. */
const rawBody = (event: APIGatewayProxyEventV2): Buffer =>
  Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

export const authenticateDevice = async (event: APIGatewayProxyEventV2, now: Date): Promise<LaneDevice> => {
  const headers = event.headers ?? {};
  const { deviceId } = readDeviceHeaders(headers);
  const device = await findDevice(deviceId);
  if (device === null) throw deviceUnauthorized('unknownDevice');
  if (device.status !== 'active') throw deviceUnauthorized('deviceDisabled');
  const secret = deriveDeviceSecret(await deviceMasterKey(), deviceId, device.secretVersion);
  const verified = verifyDeviceSignature({
    secret,
    headers,
    method: event.requestContext.http.method,
    path: event.rawPath,
    body: rawBody(event),
    now,
  });
  if (!(await rememberNonce({ deviceId, nonce: verified.nonce, requestId: event.requestContext.requestId }, verified.nonceExpiresAt, now))) throw deviceUnauthorized('nonceReused');
  appendRequestKeys({ lotId: device.lotId });
  logger.appendKeys({ deviceId, laneId: device.laneId });
  return { deviceId, lotId: device.lotId, laneId: device.laneId, direction: device.direction };
};
