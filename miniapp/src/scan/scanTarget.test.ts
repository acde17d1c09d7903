import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimPage, claimScene } from '../../../shared/merchants/claimCode.js';
import { codePages, pageUrlOf, printedCodeUrl, scanTargetOf, scanTargetOfText, type ScanTarget } from './scanTarget.js';

const appUrl = 'https://park.example.com/app/';
const token = '0aZ9bY8cX7dW6eV5fU4gT3';

describe('the page a scanned code opens', () => {
  it('opens each weapp page from its mini-program code scene', () => {
    expect(scanTargetOf('pages/index/index', { scene: encodeURIComponent('lot=LOT1') })).toEqual({ kind: 'inLot', lotId: 'LOT1' });
    expect(scanTargetOf('pages/exit/index', { scene: encodeURIComponent('lot=LOT1&lane=lane-east-out') })).toEqual({
      kind: 'exitLane',
      lotId: 'LOT1',
      laneId: 'lane-east-out',
    });
    expect(scanTargetOf('pages/entry/index', { scene: 'lot=LOT1&lane=lane-east-in' })).toEqual({ kind: 'entryLane', lotId: 'LOT1', laneId: 'lane-east-in' });
    expect(scanTargetOf('pages/claim/index', { scene: encodeURIComponent(claimScene(token)) })).toEqual({ kind: 'claim', token });
  });

  it('reads the h5 query the same way', () => {
    expect(scanTargetOf('pages/exit/index', { lot: 'LOT1', lane: 'X2' })).toEqual({ kind: 'exitLane', lotId: 'LOT1', laneId: 'X2' });
    expect(scanTargetOf('pages/claim/index', { c: token })).toEqual({ kind: 'claim', token });
  });

  it('follows the page named in an ordinary QR code’s URL, whichever page WeChat opened for it', () => {
    const q = encodeURIComponent(`${appUrl}#/pages/entry/index?lot=LOT1&lane=IN-1`);
    expect(scanTargetOf('pages/index/index', { q })).toEqual({ kind: 'entryLane', lotId: 'LOT1', laneId: 'IN-1' });
    expect(scanTargetOf('pages/index/index', { q: encodeURIComponent(`${appUrl}?lot=LOT1`) })).toEqual({ kind: 'inLot', lotId: 'LOT1' });
  });

  it('reads what the in-app scanner returns: printed URLs and mini-program paths', () => {
    expect(scanTargetOfText(`${appUrl}#/pages/exit/index?lot=LOT1&lane=OUT-1`)).toEqual({ kind: 'exitLane', lotId: 'LOT1', laneId: 'OUT-1' });
    expect(scanTargetOfText(`pages/exit/index?scene=${encodeURIComponent('lot=LOT1&lane=OUT-1')}`)).toEqual({ kind: 'exitLane', lotId: 'LOT1', laneId: 'OUT-1' });
    expect(scanTargetOfText(`${appUrl}#/pages/claim/index?${claimScene(token)}`)).toEqual({ kind: 'claim', token });
    expect(scanTargetOfText(`${appUrl}?lot=LOT1`)).toEqual({ kind: 'inLot', lotId: 'LOT1' });
  });

  it('is no target when a lane code lacks its lane, or the code is damaged or for another app', () => {
    expect(scanTargetOf('pages/exit/index', { lot: 'LOT1' })).toBeNull();
    expect(scanTargetOf('pages/entry/index', { scene: 'lot=LOT1' })).toBeNull();
    expect(scanTargetOf('pages/claim/index', { c: 'short' })).toBeNull();
    expect(scanTargetOf('pages/claim/index', { scene: '%E0%A4%A' })).toBeNull();
    expect(scanTargetOf('pages/exit/index', { lot: 'LOT1', lane: '../x' })).toBeNull();
    expect(scanTargetOf('pages/index/index', {})).toBeNull();
    expect(scanTargetOfText('https://example.com/')).toBeNull();
    expect(scanTargetOfText('weixin://wxpay/bizpayurl?pr=abc')).toBeNull();
  });

  it('opens the claim page that shared/merchants prints claim codes for', () => {
    expect(codePages.claim).toBe(claimPage);
  });

  it('reads back every code it prints, as a URL and as a page with its query', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
    const target: fc.Arbitrary<ScanTarget> = fc.oneof(
      id.map((lotId) => ({ kind: 'inLot' as const, lotId })),
      fc.tuple(id, id).map(([lotId, laneId]) => ({ kind: 'exitLane' as const, lotId, laneId })),
      fc.tuple(id, id).map(([lotId, laneId]) => ({ kind: 'entryLane' as const, lotId, laneId })),
      fc.stringMatching(/^[0-9A-Za-z]{22}$/).map((claim) => ({ kind: 'claim' as const, token: claim })),
    );
    fc.assert(
      fc.property(target, (printed) => {
        expect(scanTargetOfText(printedCodeUrl(appUrl, printed))).toEqual(printed);
        expect(scanTargetOfText(pageUrlOf(printed))).toEqual(printed);
      }),
    );
  });
});
