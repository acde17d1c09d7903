/**
 * `parkade admin` (the real bin, in a child process) against the local API server and DynamoDB
 * Local: set up a lot from the command line, see a refusal's error body and exit code, and find
 * the change in the lot's audit trail.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../scripts/local/apiServer.js';
import { spawnParkade, spawnTimeout } from '../../unit/cli/runParkade.js';
import { adminArn, auditOf, startApi } from './adminHarness.js';

let api: RunningApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const parkadeAdmin = async (args: string[], stdin?: string) => {
  const run = await spawnParkade(['admin', ...args, '--local', '--api-url', api.url], stdin);
  // Only a creating command says something on stderr: the Idempotency-Key to retry it with.
  const retryKey = /^(?:Idempotency-Key: (\S+) \(to retry: --idempotency-key \1\)\n)?$/.exec(run.stderr);
  expect(retryKey, run.stderr).not.toBeNull();
  return { code: run.code, json: JSON.parse(run.stdout), idempotencyKey: retryKey?.[1] };
};

describe('parkade admin against the local stack', { timeout: 4 * spawnTimeout }, () => {
  it('creates a lot, a lane and a device, rotates its secret, and the trail shows each', async () => {
    const lotId = `lot-cli-${randomBytes(3).toString('hex')}`;
    const created = await parkadeAdmin(
      ['lots', 'create', '--lot-id', lotId, '--name', '大悦城停车场', '--capacity', '300', '--reason', 'Opening'],
      JSON.stringify({ holidays: [{ name: '国庆', from: '2026-10-01', to: '2026-10-07' }] }),
    );
    expect(created).toMatchObject({ code: 0, json: { lotId, capacity: 300, holidays: [{ name: '国庆' }] } });

    expect((await parkadeAdmin(['lanes', 'create', lotId, '--lane-id', 'gate-in', '--name', '入口', '--direction', 'entry', '--reason', 'Built'])).code).toBe(0);
    const issued = await parkadeAdmin(['devices', 'issue', lotId, '--lane-id', 'gate-in', '--reason', 'Camera installed']);
    expect(issued).toMatchObject({ code: 0, json: { device: { laneId: 'gate-in', secretVersion: 1 }, secret: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const retried = await parkadeAdmin(['devices', 'issue', lotId, '--lane-id', 'gate-in', '--reason', 'Camera installed', '--idempotency-key', issued.idempotencyKey!]);
    expect(retried).toMatchObject({ code: 0, json: issued.json });
    const rotated = await parkadeAdmin(['devices', 'rotate', issued.json.device.deviceId, '--reason', 'Leaked']);
    expect(rotated.json.device.secretVersion).toBe(2);
    const updated = await parkadeAdmin(['lots', 'update', lotId, '--capacity', '320', '--version', '0', '--reason', 'Extension'], JSON.stringify({ couponPolicy: { maxCouponsPerSession: 2 } }));
    expect(updated).toMatchObject({ code: 0, json: { capacity: 320, version: 1, couponPolicy: { maxCouponsPerSession: 2 } } });

    expect((await auditOf(api, lotId)).map((entry) => [entry.action, entry.who])).toEqual([
      ['changeLotSettings', adminArn],
      ['rotateDeviceSecret', adminArn],
      ['issueDevice', adminArn],
      ['createLane', adminArn],
      ['createLot', adminArn],
    ]);
  });

  it('prints the API’s refusal and exits 3', async () => {
    const lotId = `lot-cli-${randomBytes(3).toString('hex')}`;
    const args = ['lots', 'create', '--lot-id', lotId, '--name', 'A', '--capacity', '10', '--reason', 'Opening'];
    expect((await parkadeAdmin(args)).code).toBe(0);
    expect(await parkadeAdmin(args)).toEqual({
      code: 3,
      json: { error: { code: 'CONFLICT', message: `Lot ${lotId} exists already`, details: { lotId } } },
    });
  });

  it('validates a tariff from stdin and keeps a plate list with a Chinese plate in the path', async () => {
    const lotId = `lot-cli-${randomBytes(3).toString('hex')}`;
    await parkadeAdmin(['lots', 'create', '--lot-id', lotId, '--name', 'B', '--capacity', '10', '--reason', 'Opening']);
    const validated = await parkadeAdmin(['tariffs', 'validate', lotId], JSON.stringify({ exitGraceMinutes: 15, schedules: {} }));
    expect(validated).toMatchObject({ code: 0, json: { valid: false, problems: [{ path: 'schedules.default' }] } });

    expect((await parkadeAdmin(['allow-list', 'put', lotId, '粤B99999', '--category', 'mallStaff', '--reason', 'Manager'])).json).toEqual({
      plate: '粤B99999',
      category: 'mallStaff',
    });
    expect((await parkadeAdmin(['allow-list', 'list', lotId])).json.entries).toEqual([expect.objectContaining({ plate: '粤B99999' })]);
    expect((await parkadeAdmin(['allow-list', 'remove', lotId, '粤B99999', '--reason', 'Left the mall'])).code).toBe(0);
  });
});
