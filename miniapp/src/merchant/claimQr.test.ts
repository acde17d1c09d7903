import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { scanTargetOfText } from '../scan/scanTarget.js';
import { asciiBase64, claimLinkOf, qrImageSource, qrSvg } from './claimQr.js';

const token = 'A1b2C3d4E5f6G7h8I9j0Kk';

describe('a claim code’s QR', () => {
  it('links to the claim page of the app the API serves, with the scene a driver’s scanner reads', () => {
    const link = claimLinkOf('https://park.example.com/', token);
    expect(link).toBe(`https://park.example.com/app/#/pages/claim/index?c=${token}`);
    expect(scanTargetOfText(link)).toEqual({ kind: 'claim', token });
  });

  it('draws every dark module of the QR of that link, and nothing else', () => {
    const link = claimLinkOf('http://127.0.0.1:8787', token);
    const { modules } = create(link, { errorCorrectionLevel: 'M' });
    const dark = Array.from(modules.data).filter(Boolean).length;
    const svg = qrSvg(link);
    expect(svg.match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(dark);
    expect(svg).toContain(`viewBox="0 0 ${modules.size + 8} ${modules.size + 8}"`);
    // The top-left finder pattern's corner sits inside the 4-module quiet zone.
    expect(svg).toContain('M4 4h1v1h-1z');
  });

  it('is an image source the app can show: the SVG in base64', () => {
    const source = qrImageSource('x');
    expect(source.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(source.slice(source.indexOf(',') + 1), 'base64').toString('ascii')).toBe(qrSvg('x'));
  });

  it('base64 as node writes it, for every length modulo 3', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '<svg viewBox="0 0 1 1"/>']) expect(asciiBase64(text)).toBe(Buffer.from(text, 'ascii').toString('base64'));
  });
});
