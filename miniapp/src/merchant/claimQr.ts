import { create } from 'qrcode/lib/core/qrcode.js';
// Relative rather than @shared/: vitest's unit project has no alias for it.
import { claimUrl } from '../../../shared/merchants/claimCode.js';

/*
 * A claim code's QR, drawn in the app: it encodes the claim URL of shared/merchants (the page
 * and `c=<token>` the driver's scanner reads), so what the owner shows is exactly what a
 * driver's phone opens. SVG from the QR matrix works on h5 and in a weapp <Image>, with no canvas.
 */

/** The claim URL of a token, on the app the API serves (`/app/` beside it). */
export const claimLinkOf = (apiBaseUrl: string, token: string): string => claimUrl(`${apiBaseUrl.replace(/\/+$/, '')}/app/`, token);

const quietZone = 4;

/** The QR of `text` as an SVG document: one path of dark modules on white, a 4-module quiet zone. */
export const qrSvg = (text: string): string => {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size + 2 * quietZone;
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (modules.get(row, column)) path += `M${column + quietZone} ${row + quietZone}h1v1h-1z`;
    }
  }
  // A size of its own (8 px a module): an <img> of an SVG without one is drawn 300 × 150.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size * 8}" height="${size * 8}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
};

const base64Digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of ASCII text (the SVG is ASCII); the WeChat runtime has no btoa. */
export const asciiBase64 = (ascii: string): string => {
  let out = '';
  for (let index = 0; index < ascii.length; index += 3) {
    const [a, b, c] = [ascii.charCodeAt(index), ascii.charCodeAt(index + 1), ascii.charCodeAt(index + 2)];
    const bits = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += base64Digits[bits >> 18]! + base64Digits[(bits >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : base64Digits[(bits >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : base64Digits[bits & 63]!;
  }
  return out;
};

/** The SVG as an image source: base64, which WeChat's <image> reads on every client (URL-encoded SVG it does not). */
export const qrImageSource = (text: string): string => `data:image/svg+xml;base64,${asciiBase64(qrSvg(text))}`;
