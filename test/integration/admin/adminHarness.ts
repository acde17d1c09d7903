/**
 * What the admin tests share: the real local API server (which, like API Gateway's IAM
 * authoriser, names a local administrator on every `iam` route), calls to the admin API, the
 * lot's audit trail, and a snapshot of every item of a lot to show a refusal wrote nothing.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { generateTokenKey } from '../../../functions/access/index.js';
import { tokenKeyVariable } from '../../../functions/access/tokenKey.js';
import { localAdmin } from '../../../scripts/local/httpApiEvent.js';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { local } from '../devices/laneHarness.js';

export { at, deviceOf, post, seedLot, startApi, local } from '../devices/laneHarness.js';

// Operator tokens are issued and checked with this key (read when first used).
process.env[tokenKeyVariable] = generateTokenKey();

export const adminArn = localAdmin.userArn;

export interface AdminAnswer {
  status: number;
  json: any;
  headers: Headers;
}

export const adminCall = async (api: RunningApiServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AdminAnswer> => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
};

export const auditOf = async (api: RunningApiServer, lotId: string): Promise<Record<string, any>[]> => {
  const { status, json } = await adminCall(api, 'GET', `/admin/lots/${lotId}/audit?limit=100`);
  expect(status).toBe(200);
  return json.entries;
};

type Item = Record<string, unknown>;

/** Every item of the lot, its devices and their nonces, sorted: equal snapshots mean nothing was written. */
export const snapshotOf = async (lotId: string): Promise<Item[]> => {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await local.documents.send(new ScanCommand({ TableName: local.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []).filter((item) => String(item.pk).includes(lotId) || String(item.gsi1pk ?? '') === `DEVICES#${lotId}`));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items.sort((a, b) => `${String(a.pk)} ${String(a.sk)}`.localeCompare(`${String(b.pk)} ${String(b.sk)}`));
};

/** The call is refused with `status` and `code`, and the lot's items are exactly as before. */
export const refusedWithoutWriting = async (lotId: string, status: number, code: string, attempt: () => Promise<AdminAnswer>): Promise<AdminAnswer> => {
  const before = await snapshotOf(lotId);
  const answer = await attempt();
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.json.error.code).toBe(code);
  expect(await snapshotOf(lotId)).toEqual(before);
  return answer;
};
