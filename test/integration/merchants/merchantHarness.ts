/**
 * What the merchant administration tests share: a seeded demo lot of their own behind the real
 * local API server (IAM routes get the local administrator), JSON or binary requests, staff
 * tokens by login, and readers of the lot's audit trail and of a merchant's partition.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { localAdmin } from '../../../scripts/local/httpApiEvent.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { local } from '../devices/laneHarness.js';

export interface Answer {
  status: number;
  headers: Headers;
  json: any;
  bytes: Buffer;
}

export const adminArn = String(localAdmin?.userArn);

export const requester =
  (api: () => RunningApiServer) =>
  async (method: string, path: string, { body, token }: { body?: unknown; token?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${api().url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const bytes = Buffer.from(await response.arrayBuffer());
    const json = (response.headers.get('content-type') ?? '').includes('json') && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
    return { status: response.status, headers: response.headers, json, bytes };
  };

export const signedIn = async (request: ReturnType<typeof requester>, login: string, password: string): Promise<string> => {
  const answer = await request('POST', '/merchant/login', { body: { login, password } });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json.token as string;
};

const partition = async (pk: string, prefix: string): Promise<Record<string, any>[]> =>
  (
    await local.documents.send(
      new QueryCommand({
        TableName: local.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': prefix === '' ? ' ' : prefix, ':to': `${prefix}~` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

/** The lot's audit entries about a merchant, oldest first. */
export const merchantAudit = async (lotId: string, merchantId: string) =>
  (await partition(`LOT#${lotId}`, 'AUDIT#')).filter((entry) => entry.details?.merchantId === merchantId);

/** Every item of a merchant's partition (account, ledger, receipts, templates, staff). */
export const merchantItems = (merchantId: string) => partition(`MERCHANT#${merchantId}`, '');
