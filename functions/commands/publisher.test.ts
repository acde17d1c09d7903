import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { iotCoreLaneCommandPublisher, type IotPublishRequest } from './iotCoreLaneCommandPublisher.js';
import { bestEffort, publisherFromEnvironment, type LaneCommand } from './publisher.js';

const command: LaneCommand = {
  commandId: 'cmd-1',
  lotId: 'lot-demo',
  laneId: 'lane-east-out',
  kind: 'open',
  reason: 'Paid at the exit',
  sessionId: 'lot-demo.lane-east-in.evt-1',
  issuedAt: '2026-03-01T09:00:00+08:00',
};

describe('the IoT Core publisher', () => {
  it('publishes the command as JSON at QoS 1 on its lane’s topic, at the configured endpoint', async () => {
    const sent: { endpoint: string; request: IotPublishRequest }[] = [];
    const publisher = iotCoreLaneCommandPublisher({
      endpoint: 'a1b2c3-ats.iot.ap-east-1.amazonaws.com',
      publish: async (endpoint, request) => {
        sent.push({ endpoint, request });
      },
    });
    await publisher.publish(command);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.endpoint).toBe('https://a1b2c3-ats.iot.ap-east-1.amazonaws.com');
    expect(sent[0]?.request).toMatchObject({ topic: 'parkade/lot-demo/lanes/lane-east-out/commands', qos: 1 });
    expect(JSON.parse(Buffer.from(sent[0]?.request.payload ?? []).toString('utf8'))).toEqual(command);
  });

  it('refuses a command that is not one before sending anything', async () => {
    const publish = vi.fn(async () => undefined);
    const publisher = iotCoreLaneCommandPublisher({ endpoint: 'x-ats.iot.ap-east-1.amazonaws.com', publish });
    await expect(publisher.publish({ ...command, laneId: 'lanes/+/commands' })).rejects.toThrow();
    expect(publish).not.toHaveBeenCalled();
  });
});

describe('publisherFromEnvironment', () => {
  it('pushes nothing when no transport is configured (devices poll)', async () => {
    await expect(publisherFromEnvironment({}).publish(command)).resolves.toBeUndefined();
  });

  it('names what an incomplete or unknown configuration lacks', () => {
    expect(() => publisherFromEnvironment({ PARKADE_LANE_COMMANDS: 'iot' })).toThrow(/needs PARKADE_IOT_ENDPOINT/);
    expect(() => publisherFromEnvironment({ PARKADE_LANE_COMMANDS: 'mqtt' })).toThrow(/needs PARKADE_MQTT_URL/);
    expect(() => publisherFromEnvironment({ PARKADE_LANE_COMMANDS: 'carrier-pigeon' })).toThrow(/must be one of iot, mqtt, polling/);
  });
});

describe('bestEffort', () => {
  it('turns a failed push into a logged warning, since the command waits for polling anyway', async () => {
    const failing = { publish: async () => Promise.reject(new Error('broker down')) };
    await expect(bestEffort(failing).publish(command)).resolves.toBeUndefined();
  });
});
