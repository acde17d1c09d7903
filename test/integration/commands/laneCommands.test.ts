/**
 * Lane commands over the local MQTT path: the functions' publisher (as `npm start` configures it)
 * → the embedded broker → a device subscribed to its lane's topic. The broker keeps devices to
 * their own lane and refuses anyone without credentials.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publisherFromEnvironment, type LaneCommand } from '../../../functions/commands/publisher.js';
import { mqttPasswordOf, startMqttBroker, type BrokerDevice, type LocalMqttBroker } from '../../../scripts/local/mqttBroker.js';

const eastExit: BrokerDevice = { deviceId: 'dev-east-out', lotId: 'lot-mqtt', laneId: 'lane-east-out', secret: 'a'.repeat(64) };
const westExit: BrokerDevice = { deviceId: 'dev-west-out', lotId: 'lot-mqtt', laneId: 'lane-west-out', secret: 'b'.repeat(64) };
const devices = new Map([eastExit, westExit].map((device) => [device.deviceId, device]));

let broker: LocalMqttBroker;
const connections: MqttClient[] = [];

beforeAll(async () => {
  broker = await startMqttBroker({ devices: (deviceId) => devices.get(deviceId) });
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.endAsync()));
  await broker.close();
});

const deviceUrl = (device: BrokerDevice, password = mqttPasswordOf(device.secret, device.deviceId)) =>
  broker.url.replace('mqtt://', `mqtt://${device.deviceId}:${password}@`);

/** A device's MQTT 3.1.1 connection, as lane controllers make it; no reconnecting. */
const connectAs = async (device: BrokerDevice, url = deviceUrl(device), clientId = device.deviceId): Promise<MqttClient> => {
  const connection = await connectAsync(url, { clientId, protocolVersion: 4, reconnectPeriod: 0 }, false);
  connections.push(connection);
  return connection;
};

interface Message {
  topic: string;
  payload: Buffer;
}

const nextMessage = (connection: MqttClient): Promise<Message> =>
  new Promise((resolve) => connection.once('message', (topic, payload) => resolve({ topic, payload })));

/** The MQTT code of a refusal (CONNACK return code, or 128 for a refused subscription). */
const refusalCode = (error: unknown): number | undefined => (error as { code?: number }).code;

/** The QoS the broker granted a subscription: 128 when it refused it (the client then throws with the SUBACK). */
const grantedQos = (connection: MqttClient, filter: string): Promise<number | undefined> =>
  connection.subscribeAsync(filter, { qos: 1 }).then(
    (granted) => granted[0]?.qos,
    (error: unknown) => (error as { packet?: { granted?: number[] } }).packet?.granted?.[0],
  );

const openCommand = (laneId: string, commandId: string): LaneCommand => ({
  commandId,
  lotId: 'lot-mqtt',
  laneId,
  kind: 'open',
  reason: 'Paid at the exit',
  sessionId: 'lot-mqtt.lane-east-in.evt-1',
  issuedAt: '2026-03-01T09:00:00+08:00',
});

describe('lane commands over the local MQTT broker', () => {
  it('reach the device subscribed to that lane’s command topic, as the JSON command', async () => {
    const device = await connectAs(eastExit);
    expect(await grantedQos(device, 'parkade/lot-mqtt/lanes/lane-east-out/commands')).toBe(1);
    const received = nextMessage(device);

    const publisher = publisherFromEnvironment({ PARKADE_LANE_COMMANDS: 'mqtt', PARKADE_MQTT_URL: broker.publisherUrl });
    const command = openCommand('lane-east-out', 'cmd-east-1');
    await publisher.publish(command);

    const message = await received;
    expect(message.topic).toBe('parkade/lot-mqtt/lanes/lane-east-out/commands');
    expect(JSON.parse(message.payload.toString('utf8'))).toEqual(command);
  });

  it('do not reach another lane’s device', async () => {
    const west = await connectAs(westExit);
    await west.subscribeAsync('parkade/lot-mqtt/lanes/lane-west-out/commands');
    const seen: string[] = [];
    west.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString('utf8')).commandId));
    const east = await connectAs(eastExit);
    await east.subscribeAsync('parkade/lot-mqtt/lanes/lane-east-out/commands');
    const eastReceived = nextMessage(east);

    const publisher = publisherFromEnvironment({ PARKADE_LANE_COMMANDS: 'mqtt', PARKADE_MQTT_URL: broker.publisherUrl });
    await publisher.publish(openCommand('lane-east-out', 'cmd-east-2'));
    await publisher.publish(openCommand('lane-west-out', 'cmd-west-1'));
    await eastReceived;
    await expect.poll(() => seen).toEqual(['cmd-west-1']);
  });

  it('refuse a device subscribing to another lane’s commands, or to every lane’s', async () => {
    const device = await connectAs(eastExit);
    for (const filter of ['parkade/lot-mqtt/lanes/lane-west-out/commands', 'parkade/+/lanes/+/commands', '#']) {
      expect(await grantedQos(device, filter), filter).toBe(128);
    }
  });

  it('refuse a device with a wrong password, one posing under another client id, and an anonymous client', async () => {
    const refusedCode = (url: string, clientId: string) =>
      connectAs(eastExit, url, clientId).then(
        () => 0,
        (error: unknown) => refusalCode(error),
      );
    expect(await refusedCode(deviceUrl(eastExit, mqttPasswordOf('wrong', eastExit.deviceId)), eastExit.deviceId)).toBe(4);
    expect(await refusedCode(deviceUrl(eastExit), westExit.deviceId)).toBe(4);
    expect(await refusedCode(broker.url, 'anonymous')).toBe(4);
  });

  it('do not let the functions’ publisher listen to lanes', async () => {
    const functions = await connectAs(eastExit, broker.publisherUrl, 'parkade-commands-listener');
    expect(await grantedQos(functions, 'parkade/lot-mqtt/lanes/lane-east-out/commands')).toBe(128);
  });
});
