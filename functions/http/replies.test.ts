import { describe, expect, it } from 'vitest';
import { documentReply, jsonResponse, ok } from './replies.js';

describe('jsonResponse', () => {
  it('sends a JSON body as JSON, never cached', () => {
    const response = jsonResponse(ok({ plate: '粤B12345' }));
    expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(JSON.parse(response.body ?? '')).toEqual({ plate: '粤B12345' });
  });

  it('sends a text document as it is, with the name a browser saves it under', () => {
    const response = jsonResponse(documentReply('text/csv; charset=utf-8', 'date,amount\n2026-03-01,100\n', 'statement.csv'));
    expect(response.body).toBe('date,amount\n2026-03-01,100\n');
    expect(response.isBase64Encoded).toBeUndefined();
    expect(response.headers).toMatchObject({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="statement.csv"' });
  });

  it('sends bytes base64-encoded, as API Gateway requires for binary bodies', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const response = jsonResponse(documentReply('image/png', png));
    expect(response.isBase64Encoded).toBe(true);
    expect(Buffer.from(response.body ?? '', 'base64')).toEqual(Buffer.from(png));
    expect(response.headers?.['content-disposition']).toBeUndefined();
  });
});
