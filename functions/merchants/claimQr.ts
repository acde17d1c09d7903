/**
 * A printable QR image of a claim code: a PNG of the claim URL (shared/merchants `claimUrl`:
 * the app's claim page with `c=<token>`), the same link the merchant screen draws
 * (miniapp/src/merchant/claimQr.ts), so a driver's phone opens the claim page from either.
 * The app is where `PARKADE_APP_URL` says (the weapp's registered link prefix or the h5 site);
 * unset, it is `/app/` beside the API, where the local stack serves the h5 build.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import QRCode from 'qrcode';
import { claimUrl } from '../../shared/merchants/index.js';
import { claimCodeOfMerchant } from './claimCodes.js';

export const appUrlVariable = 'PARKADE_APP_URL';

/** Printable sizes in pixels; the image is square, with a 4-module quiet zone. */
export const claimQrSizes = { small: 300, medium: 600, large: 1200 } as const;
export type ClaimQrSize = keyof typeof claimQrSizes;

const appUrlOf = (event: APIGatewayProxyEventV2): string => {
  const configured = process.env[appUrlVariable];
  if (configured !== undefined && configured !== '') return configured;
  const proto = event.headers?.['x-forwarded-proto'] ?? 'https';
  return `${proto}://${event.headers?.host ?? event.requestContext.domainName}/app/`;
};

/** The PNG of one of the merchant's codes (another merchant's is not found). */
export const claimCodeQrPng = async (merchantId: string, token: string, size: ClaimQrSize, event: APIGatewayProxyEventV2): Promise<Buffer> => {
  const { code } = await claimCodeOfMerchant(merchantId, token);
  return QRCode.toBuffer(claimUrl(appUrlOf(event), code.token), { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: claimQrSizes[size] });
};
