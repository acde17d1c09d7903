/**
 * A small MQTT 3.1.1 client over TCP for the local stack: connect with a user name and password,
 * publish at QoS 1 (resolved on PUBACK), subscribe (refused filters come back as SUBACK 128),
 * receive messages, disconnect. Packets are encoded and parsed by mqtt-packet, the codec of the
 * aedes broker the local stack runs. Devices in the cloud speak MQTT to AWS IoT Core instead.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { generate, parser as packetParser, type Packet } from 'mqtt-packet';

export interface MqttConnectOptions {
  /** `mqtt://<user>:<password>@<host>:<port>`. */
  url: string;
  clientId: string;
  /** How long to wait for each acknowledgement. */
  timeoutMs?: number;
}

export interface MqttMessage {
  topic: string;
  payload: Buffer;
}

export interface MqttConnection {
  publish(topic: string, payload: string | Buffer): Promise<void>;
  /** Resolves with the granted QoS; rejects when the broker refused the filter (SUBACK 128). */
  subscribe(topicFilter: string): Promise<number>;
  onMessage(listener: (message: MqttMessage) => void): void;
  end(): Promise<void>;
}

/** The broker refused something; `code` is MQTT's CONNACK return code or 128 for a refused filter. */
export class MqttRefusal extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'MqttRefusal';
  }
}

const connackReasons: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'client id rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorised',
};

type Waiter = { resolve: (packet: Packet) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export const connectMqtt = async ({ url, clientId, timeoutMs = 5_000 }: MqttConnectOptions): Promise<MqttConnection> => {
  const address = new URL(url);
  if (address.protocol !== 'mqtt:') throw new Error(`Only mqtt:// URLs are supported, not ${address.protocol}`);
  const socket: Socket = connectTcp({ host: address.hostname, port: Number(address.port || 1883) });
  const parser = packetParser();
  // Acknowledgements by `<cmd>:<messageId>`; the CONNACK by `connack`.
  const waiters = new Map<string, Waiter>();
  const listeners: ((message: MqttMessage) => void)[] = [];
  let nextMessageId = 1;
  let closed = false;

  const failAll = (error: Error) => {
    for (const waiter of waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    waiters.clear();
  };
  const awaitPacket = (key: string): Promise<Packet> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(key);
        reject(new Error(`MQTT broker at ${address.host} did not answer (${key}) within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.set(key, { resolve, reject, timer });
    });
  const settle = (key: string, packet: Packet) => {
    const waiter = waiters.get(key);
    if (waiter === undefined) return;
    waiters.delete(key);
    clearTimeout(waiter.timer);
    waiter.resolve(packet);
  };
  const send = (packet: Packet) => socket.write(generate(packet));

  parser.on('packet', (packet: Packet) => {
    if (packet.cmd === 'connack') settle('connack', packet);
    else if (packet.cmd === 'puback' || packet.cmd === 'suback') settle(`${packet.cmd}:${packet.messageId}`, packet);
    else if (packet.cmd === 'publish') {
      if (packet.qos > 0) send({ cmd: 'puback', messageId: packet.messageId });
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      for (const listener of listeners) listener({ topic: packet.topic, payload });
    }
  });
  parser.on('error', (error: Error) => socket.destroy(error));
  socket.on('data', (chunk: Buffer) => parser.parse(chunk));
  socket.on('error', (error) => failAll(error));
  socket.on('close', () => {
    closed = true;
    failAll(new Error(`MQTT connection to ${address.host} closed`));
  });

  const connected = awaitPacket('connack');
  socket.once('connect', () =>
    send({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      clientId,
      keepalive: 60,
      ...(address.username ? { username: decodeURIComponent(address.username) } : {}),
      ...(address.password ? { password: Buffer.from(decodeURIComponent(address.password)) } : {}),
    }),
  );
  const connack = await connected.catch((error: unknown) => {
    socket.destroy();
    throw error;
  });
  if (connack.cmd === 'connack' && connack.returnCode !== undefined && connack.returnCode !== 0) {
    socket.destroy();
    throw new MqttRefusal(`MQTT broker refused ${clientId}: ${connackReasons[connack.returnCode] ?? connack.returnCode}`, connack.returnCode);
  }

  const messageId = () => {
    const id = nextMessageId;
    nextMessageId = (nextMessageId % 65_535) + 1;
    return id;
  };

  return {
    publish: async (topic, payload) => {
      const id = messageId();
      const acknowledged = awaitPacket(`puback:${id}`);
      send({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false, messageId: id });
      await acknowledged;
    },
    subscribe: async (topicFilter) => {
      const id = messageId();
      const acknowledged = awaitPacket(`suback:${id}`);
      send({ cmd: 'subscribe', messageId: id, subscriptions: [{ topic: topicFilter, qos: 1 }] });
      const suback = await acknowledged;
      const granted = suback.cmd === 'suback' ? suback.granted[0] : undefined;
      if (typeof granted !== 'number' || granted === 128) throw new MqttRefusal(`MQTT broker refused the subscription to ${topicFilter}`, 128);
      return granted;
    },
    onMessage: (listener) => {
      listeners.push(listener);
    },
    end: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        socket.once('close', () => resolve());
        send({ cmd: 'disconnect' });
        socket.end();
      }),
  };
};
