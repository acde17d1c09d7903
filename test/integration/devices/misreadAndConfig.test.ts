import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import type { DemoLot } from '../../../scripts/local/demoLot.js';
import { at, call, deviceOf, entryLane, exitLane, getItem, local, post, seedLot, sessionItem, startApi } from './laneHarness.js';

let api: RunningApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('misread exit plates', () => {
  let lot: DemoLot;
  const sessionOf: Record<string, string | undefined> = {};
  beforeAll(async () => {
    lot = await seedLot('misread');
    for (const plate of ['粤C12345', '粤E12345', '粤E12347']) sessionOf[plate] = (await post(api, deviceOf(lot, entryLane), { plate, at: at('09:00') })).sessionId;
  });

  it('one confusable character off: matched to the open session, charged to it', async () => {
    const answer = await post(api, deviceOf(lot, exitLane), { plate: '粤C1234S', at: at('11:10'), eventId: 'misread-1' });
    expect(answer).toMatchObject({ decision: 'pay', sessionId: sessionOf['粤C12345'], due: 1100, display: ['粤C12345 停车2小时10分', '请扫码缴费 ¥11.00'] });
    expect(await getItem(`LOT#${lot.lotId}#LANE#${exitLane}`, 'PRESENT')).toMatchObject({ readPlate: '粤C1234S', plate: '粤C12345', sessionId: answer.sessionId });
  });

  it('a missing province is matched too, and a free stay closes the matched session', async () => {
    const answer = await post(api, deviceOf(lot, 'lane-west-out'), { plate: 'C12345', at: at('09:10'), eventId: 'misread-2' });
    expect(answer).toMatchObject({ decision: 'open', sessionId: sessionOf['粤C12345'] });
    expect(await sessionItem(answer.sessionId!)).toMatchObject({ plate: '粤C12345', status: 'closed', closedBy: 'camera' });
    expect(await getItem(`LOT#${lot.lotId}#PLATE#粤C12345`, 'EVENT#exit#lane-west-out#misread-2')).toMatchObject({ readPlate: 'C12345', closedBy: 'camera' });
  });

  it('as close to two open plates: staff decide, never a guess', async () => {
    const answer = await post(api, deviceOf(lot, exitLane), { plate: '粤E12346', at: at('11:00'), eventId: 'ambiguous-1' });
    expect(answer).toEqual({ decision: 'manual', display: ['粤E12346', '请扫码缴费或稍候'] });
    expect(await getItem(`LOT#${lot.lotId}#LANE#${exitLane}`, 'PRESENT')).toMatchObject({ decision: 'manual', sessionId: null, candidates: ['粤E12345', '粤E12347'] });
    for (const plate of ['粤E12345', '粤E12347']) {
      expect(await getItem(`LOT#${lot.lotId}#PLATE#${plate}`, 'HEAD')).toMatchObject({ version: 1 });
    }
  });
});

describe('GET /device/config', () => {
  it('gives the tariff and the allow-list with a strong ETag, 304 while nothing changed', async () => {
    const lot = await seedLot('config');
    const device = deviceOf(lot, exitLane);
    const first = await call(api, device, { method: 'GET', path: '/device/config' });
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const config = await first.json();
    expect(config).toMatchObject({ lotId: lot.lotId, laneId: exitLane, tariffs: [{ effectiveFrom: lot.tariffEffectiveFrom, tariff: lot.tariff }] });
    expect(config.allowList.map((entry: { plate: string }) => entry.plate)).toEqual(['粤B9M527', '粤BD12580']);

    const unchanged = await call(api, device, { method: 'GET', path: '/device/config', headers: { 'if-none-match': etag! } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);

    await local.documents.send(
      new PutCommand({
        TableName: local.tableName,
        Item: { pk: `LOT#${lot.lotId}`, sk: 'ALLOWLIST#粤B66666', entity: 'AllowListedPlate', lotId: lot.lotId, plate: '粤B66666', category: 'permittedVehicle' },
      }),
    );
    const changed = await call(api, device, { method: 'GET', path: '/device/config', headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).allowList).toHaveLength(3);
  });
});

describe('GET /device/commands', () => {
  it('lists the lane’s live commands after the cursor, the same again on a retry, and marks them delivered', async () => {
    const lot = await seedLot('commands');
    const device = deviceOf(lot, exitLane);
    const { issueLaneCommand } = await import('../../../functions/devices/issueLaneCommand.js');
    const published: unknown[] = [];
    const command = (commandId: string, laneId: string, secondsAgo: number) => ({
      commandId,
      lotId: lot.lotId,
      laneId,
      kind: 'open' as const,
      reason: 'paid',
      issuedAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    });
    await issueLaneCommand(command('cmd-stale', exitLane, 600));
    await issueLaneCommand(command('cmd-other-lane', 'lane-west-out', 5));
    const paid = command('cmd-1', exitLane, 5);
    await issueLaneCommand(paid, { publish: async (sent) => void published.push(sent) });
    await issueLaneCommand(paid);

    const poll = async (after?: string) => {
      const response = await call(api, device, { method: 'GET', path: `/device/commands${after ? `?after=${encodeURIComponent(after)}` : ''}` });
      expect(response.status).toBe(200);
      return (await response.json()) as { commands: { commandId: string }[]; cursor: string | null };
    };

    const first = await poll();
    expect(first.commands.map((sent) => sent.commandId)).toEqual(['cmd-1']);
    expect(published).toEqual([paid]);
    expect(await poll()).toEqual(first);

    await issueLaneCommand(command('cmd-2', exitLane, 1));
    const next = await poll(first.cursor!);
    expect(next.commands.map((sent) => sent.commandId)).toEqual(['cmd-2']);
    expect(await poll(next.cursor!)).toEqual({ commands: [], cursor: next.cursor });

    const stored = await local.documents.send(
      new QueryCommand({
        TableName: local.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `LOT#${lot.lotId}#LANE#${exitLane}`, ':prefix': 'COMMAND#' },
      }),
    );
    const delivered = Object.fromEntries((stored.Items ?? []).map((item) => [item.commandId, item.deliveredTo ?? null]));
    expect(delivered).toEqual({ 'cmd-stale': null, 'cmd-1': device.deviceId, 'cmd-2': device.deviceId });
  });

  it('refuses a cursor that is not one', async () => {
    const lot = await seedLot('commands-cursor');
    const response = await call(api, deviceOf(lot, exitLane), { method: 'GET', path: '/device/commands?after=EVENT%23x' });
    expect(response.status).toBe(400);
  });
});
