import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  process.env.AWS_REGION = 'ap-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { iotCoreLaneCommandPublisher, iotDataPlanePublish, type IotPublishRequest } from './iotCoreLaneCommandPublisher.js';
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

describe('the IoT data-plane call', () => {
  it('POSTs the payload to the topic’s path at QoS 1, signed for the iotdata service', async () => {
    const requests: { method?: string; url?: string; authorization?: string; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        requests.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await iotDataPlanePublish(`http://127.0.0.1:${port}`, {
        topic: 'parkade/lot-demo/lanes/lane-east-out/commands',
        qos: 1,
        payload: Buffer.from(JSON.stringify(command)),
        contentType: 'application/json',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url).toMatch(/^\/topics\/parkade%2Flot-demo%2Flanes%2Flane-east-out%2Fcommands\?(.*&)?qos=1/);
    expect(requests[0]?.authorization).toMatch(/Credential=AKIDTEST\/\d{8}\/ap-east-1\/iotdata\/aws4_request/);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual(command);
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
