/**
 * Lane commands over the local MQTT path: the functions' publisher (as `npm start` configures it)
 * → the embedded broker → a device subscribed to its lane's topic. The broker keeps devices to
 * their own lane and refuses anyone without credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt, MqttRefusal, type MqttConnection, type MqttMessage } from '../../../functions/commands/mqttConnection.js';
import { publisherFromEnvironment, type LaneCommand } from '../../../functions/commands/publisher.js';
import { mqttPasswordOf, startMqttBroker, type BrokerDevice, type LocalMqttBroker } from '../../../scripts/local/mqttBroker.js';

const eastExit: BrokerDevice = { deviceId: 'dev-east-out', lotId: 'lot-mqtt', laneId: 'lane-east-out', secret: 'a'.repeat(64) };
const westExit: BrokerDevice = { deviceId: 'dev-west-out', lotId: 'lot-mqtt', laneId: 'lane-west-out', secret: 'b'.repeat(64) };
const devices = new Map([eastExit, westExit].map((device) => [device.deviceId, device]));

let broker: LocalMqttBroker;
const connections: MqttConnection[] = [];

beforeAll(async () => {
  broker = await startMqttBroker({ devices: (deviceId) => devices.get(deviceId) });
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.end()));
  await broker.close();
});

const deviceUrl = (device: BrokerDevice, password = mqttPasswordOf(device.secret, device.deviceId)) =>
  broker.url.replace('mqtt://', `mqtt://${device.deviceId}:${password}@`);

const connectAs = async (device: BrokerDevice): Promise<MqttConnection> => {
  const connection = await connectMqtt({ url: deviceUrl(device), clientId: device.deviceId });
  connections.push(connection);
  return connection;
};

const nextMessage = (connection: MqttConnection): Promise<MqttMessage> => new Promise((resolve) => connection.onMessage(resolve));

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
    await device.subscribe('parkade/lot-mqtt/lanes/lane-east-out/commands');
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
    await west.subscribe('parkade/lot-mqtt/lanes/lane-west-out/commands');
    const seen: string[] = [];
    west.onMessage((message) => seen.push(JSON.parse(message.payload.toString('utf8')).commandId));
    const east = await connectAs(eastExit);
    await east.subscribe('parkade/lot-mqtt/lanes/lane-east-out/commands');
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
      const refusal = await device.subscribe(filter).catch((error: unknown) => error);
      expect(refusal, filter).toBeInstanceOf(MqttRefusal);
      expect((refusal as MqttRefusal).code).toBe(128);
    }
  });

  it('refuse a device with a wrong password, one posing under another client id, and an anonymous client', async () => {
    const refusedCode = (url: string, clientId: string) =>
      connectMqtt({ url, clientId }).then(
        async (connection) => {
          await connection.end();
          return 0;
        },
        (error: unknown) => (error instanceof MqttRefusal ? error.code : -1),
      );
    expect(await refusedCode(deviceUrl(eastExit, mqttPasswordOf('wrong', eastExit.deviceId)), eastExit.deviceId)).toBe(4);
    expect(await refusedCode(deviceUrl(eastExit), westExit.deviceId)).toBe(4);
    expect(await refusedCode(broker.url, 'anonymous')).toBe(4);
  });

  it('do not let the functions’ publisher listen to lanes', async () => {
    const functions = await connectMqtt({ url: broker.publisherUrl, clientId: 'parkade-commands-listener' });
    connections.push(functions);
    await expect(functions.subscribe('parkade/lot-mqtt/lanes/lane-east-out/commands')).rejects.toBeInstanceOf(MqttRefusal);
  });
});
