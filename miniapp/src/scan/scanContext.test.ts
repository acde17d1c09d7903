import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readScanContext } from './scanContext.js';

const printedUrl = (lot: string, lane?: string) =>
  `https://park.example.com/app/#/pages/index/index?lot=${lot}${lane ? `&lane=${lane}` : ''}`;

describe('readScanContext', () => {
  it('reads lot and lane from the query of an h5 link or a weapp page path', () => {
    expect(readScanContext({ lot: 'LOT1', lane: 'EXIT-2' })).toEqual({ lotId: 'LOT1', laneId: 'EXIT-2' });
  });

  it('treats a code without a lane as the in-lot code', () => {
    expect(readScanContext({ lot: 'LOT1' })).toEqual({ lotId: 'LOT1', laneId: null });
    expect(readScanContext({ lot: 'LOT1', lane: '' })).toEqual({ lotId: 'LOT1', laneId: null });
  });

  it('reads the URL-encoded scene of a mini-program code', () => {
    expect(readScanContext({ scene: encodeURIComponent('lot=LOT1&lane=ENTRY_1') })).toEqual({
      lotId: 'LOT1',
      laneId: 'ENTRY_1',
    });
  });

  it('reads a scene that arrives already decoded', () => {
    expect(readScanContext({ scene: 'lot=LOT1&lane=ENTRY_1' })).toEqual({ lotId: 'LOT1', laneId: 'ENTRY_1' });
  });

  it('reads the printed URL that an ordinary QR code hands over as q', () => {
    expect(readScanContext({ q: encodeURIComponent(printedUrl('LOT1', 'EXIT-2')) })).toEqual({
      lotId: 'LOT1',
      laneId: 'EXIT-2',
    });
    expect(readScanContext({ q: encodeURIComponent('https://park.example.com/app/?lot=LOT1&lane=EXIT-2') })).toEqual({
      lotId: 'LOT1',
      laneId: 'EXIT-2',
    });
  });

  it('prefers the code over stray query parameters', () => {
    expect(readScanContext({ scene: 'lot=LOT1&lane=E1', lot: 'OTHER', lane: 'X' })).toEqual({
      lotId: 'LOT1',
      laneId: 'E1',
    });
  });

  it('gives no context when the app was not opened from a code', () => {
    expect(readScanContext({})).toBeNull();
    expect(readScanContext({ lane: 'EXIT-2' })).toBeNull();
    expect(readScanContext({ q: encodeURIComponent('https://park.example.com/app/') })).toBeNull();
  });

  it('refuses damaged or forged codes instead of guessing', () => {
    expect(readScanContext({ lot: 'LOT1', lane: 'EXIT 2<script>' })).toBeNull();
    expect(readScanContext({ lot: '../admin' })).toBeNull();
    expect(readScanContext({ lot: 'L'.repeat(65) })).toBeNull();
    expect(readScanContext({ scene: '%E0%A4%A' })).toBeNull();
    expect(readScanContext({ q: '%' })).toBeNull();
  });

  it('reads the same place from every shape of the same code', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    fc.assert(
      fc.property(id, id, (lot, lane) => {
        const expected = { lotId: lot, laneId: lane };
        expect(readScanContext({ lot, lane })).toEqual(expected);
        expect(readScanContext({ scene: encodeURIComponent(`lot=${lot}&lane=${lane}`) })).toEqual(expected);
        expect(readScanContext({ q: encodeURIComponent(printedUrl(lot, lane)) })).toEqual(expected);
      }),
    );
  });
});
