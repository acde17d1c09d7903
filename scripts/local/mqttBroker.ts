/**
 * The local stand-in for AWS IoT Core: an embedded aedes MQTT broker on TCP. Rules, as the IoT
 * policy of the devices stack sets them in the cloud:
 * - a device connects with client id = user name = its device id and password
 *   `mqttPasswordOf(secret, deviceId)` (derived, so its request-signing secret never travels);
 * - a device may subscribe to its own lane's command topic and publish to its own lane's
 *   telemetry topic, nothing else (a refused subscription is answered SUBACK 128);
 * - the functions connect as `commandsUser` with a password made at start, and may only publish
 *   to lane command topics;
 * - anyone else is refused at CONNECT.
 */
import { Aedes, type AedesOptions, type Client } from 'aedes';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { laneCommandTopic, laneTelemetryTopic, laneTopicRoot } from '../../functions/commands/laneCommandTopics.js';

export interface BrokerDevice {
  deviceId: string;
  lotId: string;
  laneId: string;
  /** The device's request-signing secret; its MQTT password is derived from it. */
  secret: string;
}

export interface LocalMqttBroker {
  /** mqtt://host:port, for devices (which add their own credentials). */
  url: string;
  port: number;
  /** mqtt://commandsUser:<password>@host:port, for the functions' publisher. */
  publisherUrl: string;
  close(): Promise<void>;
}

export const commandsUser = 'parkade-commands';

const portFileName = 'mqtt-port';

/** The port the broker had last time in `dataDir` (devices configured for it find it again), if any. */
export const rememberedMqttPort = (dataDir: string): number | undefined => {
  const file = join(dataDir, portFileName);
  const port = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : Number.NaN;
  return Number.isInteger(port) && port > 0 && port <= 65_535 ? port : undefined;
};

export const rememberMqttPort = (dataDir: string, port: number): void => {
  writeFileSync(join(dataDir, portFileName), `${port}\n`);
};

/** A device's MQTT password: hex HMAC-SHA256(secret, "parkade-mqtt\n" + deviceId). */
export const mqttPasswordOf = (secret: string, deviceId: string): string =>
  createHmac('sha256', secret).update(`parkade-mqtt\n${deviceId}`).digest('hex');

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

type Role = { kind: 'commands' } | { kind: 'device'; device: BrokerDevice };

const commandTopicPattern = new RegExp(`^${laneTopicRoot}/[A-Za-z0-9_-]+/lanes/[A-Za-z0-9_-]+/commands$`);

const badCredentials = (): Error & { returnCode: 4 } => Object.assign(new Error('Bad user name or password'), { returnCode: 4 as const });

export const startMqttBroker = async ({
  devices,
  port = 0,
  host = '127.0.0.1',
}: {
  /** Looked up at each CONNECT, so devices added while the broker runs can connect. */
  devices: (deviceId: string) => BrokerDevice | undefined;
  port?: number;
  host?: string;
}): Promise<LocalMqttBroker> => {
  const commandsPassword = randomBytes(24).toString('base64url');
  const roles = new WeakMap<Client, Role>();

  const options: AedesOptions = {
    authenticate: (client, username, password, done) => {
      const given = password?.toString('utf8') ?? '';
      if (username === commandsUser && sameText(given, commandsPassword)) {
        roles.set(client, { kind: 'commands' });
        return done(null, true);
      }
      const device = username === undefined ? undefined : devices(username);
      if (device === undefined || client.id !== device.deviceId || !sameText(given, mqttPasswordOf(device.secret, device.deviceId))) {
        return done(badCredentials(), false);
      }
      roles.set(client, { kind: 'device', device });
      return done(null, true);
    },
    authorizeSubscribe: (client, subscription, done) => {
      const role = roles.get(client);
      const allowed = role?.kind === 'device' && subscription.topic === laneCommandTopic(role.device.lotId, role.device.laneId);
      done(null, allowed ? subscription : null);
    },
    authorizePublish: (client, packet, done) => {
      const role = client === null ? undefined : roles.get(client);
      const allowed =
        (role?.kind === 'commands' && commandTopicPattern.test(packet.topic)) ||
        (role?.kind === 'device' && packet.topic === laneTelemetryTopic(role.device.lotId, role.device.laneId));
      done(allowed ? null : new Error(`Not allowed to publish to ${packet.topic}`));
    },
  };
  const broker = await Aedes.createBroker(options);
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => broker.close(() => reject(error)));
    server.listen(port, host, () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const url = `mqtt://${host}:${boundPort}`;
  return {
    url,
    port: boundPort,
    publisherUrl: `mqtt://${commandsUser}:${commandsPassword}@${host}:${boundPort}`,
    close: async () => {
      // aedes disconnects its clients; then the listening socket has nothing left to wait for.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
