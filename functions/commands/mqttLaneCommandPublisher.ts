/**
 * Lane commands through an MQTT broker (the local stack's embedded one). One short connection
 * per command: commands are rare (a payment, a staff action), and no socket outlives the request.
 */
import { laneCommandSchema, type LaneCommand } from '../sessions/laneCommands.js';
import { laneCommandTopic } from './laneCommandTopics.js';
import { connectMqtt } from './mqttConnection.js';
import type { LaneCommandPublisher } from './publisher.js';

export const mqttLaneCommandPublisher = ({ url, clientId }: { url: string; clientId: string }): LaneCommandPublisher => ({
  publish: async (command: LaneCommand) => {
    const valid = laneCommandSchema.parse(command);
    const connection = await connectMqtt({ url, clientId: `${clientId}-${valid.commandId}` });
    try {
      await connection.publish(laneCommandTopic(valid.lotId, valid.laneId), JSON.stringify(valid));
    } finally {
      await connection.end();
    }
  },
});
