/**
 * What a route answers, and how an answer becomes an API Gateway v2 response. Responses are
 * JSON unless a route sends a document (a statement's CSV, a QR image), and never cached: the
 * API serves live parking state and personal data.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A document sent as it is instead of `body` as JSON: text (CSV), or bytes (PNG) sent base64 as API Gateway requires. */
  document?: { contentType: string; content: string | Uint8Array; fileName?: string };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

export const created = (body: unknown, location?: string): Reply => ({
  status: 201,
  body,
  ...(location === undefined ? {} : { headers: { location } }),
});

export const accepted = (body: unknown): Reply => ({ status: 202, body });

export const noContent = (): Reply => ({ status: 204 });

/** 200 with a document; `fileName` makes browsers save it rather than show it. */
export const documentReply = (contentType: string, content: string | Uint8Array, fileName?: string): Reply => ({
  status: 200,
  document: { contentType, content, ...(fileName === undefined ? {} : { fileName }) },
});

const documentResponse = (status: number, document: NonNullable<Reply['document']>, headers: Record<string, string> | undefined): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: {
    'content-type': document.contentType,
    'cache-control': 'no-store',
    ...(document.fileName === undefined ? {} : { 'content-disposition': `attachment; filename="${document.fileName}"` }),
    ...headers,
  },
  ...(typeof document.content === 'string'
    ? { body: document.content }
    : { body: Buffer.from(document.content).toString('base64'), isBase64Encoded: true }),
});

export const jsonResponse = ({ status, body, headers, document }: Reply): APIGatewayProxyStructuredResultV2 =>
  document !== undefined
    ? documentResponse(status, document, headers)
    : {
        statusCode: status,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
