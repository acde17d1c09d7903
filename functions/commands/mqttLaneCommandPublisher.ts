/**
 * Lane commands through an MQTT broker (the local stack's embedded one), with the mqtt client.
 * One short connection per command: commands are rare (a payment, a staff action), and no socket
 * outlives the request.
 */
import { connectAsync } from 'mqtt';
import { laneCommandSchema, type LaneCommand } from '../sessions/laneCommands.js';
import { laneCommandTopic } from './laneCommandTopics.js';
import type { LaneCommandPublisher } from './publisher.js';

const connectTimeoutMs = 5_000;

export const mqttLaneCommandPublisher = ({ url, clientId }: { url: string; clientId: string }): LaneCommandPublisher => ({
  publish: async (command: LaneCommand) => {
    const valid = laneCommandSchema.parse(command);
    // No retries: a failed push is logged by the caller and the device polls the command instead.
    const client = await connectAsync(
      url,
      { clientId: `${clientId}-${valid.commandId}`, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: connectTimeoutMs },
      false,
    );
    try {
      await client.publishAsync(laneCommandTopic(valid.lotId, valid.laneId), JSON.stringify(valid), { qos: 1 });
    } finally {
      await client.endAsync();
    }
  },
});
