/**
 * What a route answers, and how an answer becomes an API Gateway v2 response. Every response
 * is JSON and never cached: the API serves live parking state and personal data.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

export const created = (body: unknown, location?: string): Reply => ({
  status: 201,
  body,
  ...(location === undefined ? {} : { headers: { location } }),
});

export const accepted = (body: unknown): Reply => ({ status: 202, body });

export const noContent = (): Reply => ({ status: 204 });

export const jsonResponse = ({ status, body, headers }: Reply): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
