/**
 * Sends a command to a lane's barrier: stored for devices that poll (`GET /device/commands`),
 * then pushed through the publisher (IoT Core MQTT in the cloud, the embedded broker locally).
 */
import { saveLaneCommand, type LaneCommand } from '../sessions/laneCommands.js';

export interface LaneCommandPublisher {
  publish(command: LaneCommand): Promise<void>;
}

/** Until the MQTT publisher is wired in, commands reach devices by polling alone. */
const pollingOnly: LaneCommandPublisher = { publish: async () => undefined };

export const issueLaneCommand = async (command: LaneCommand, publisher: LaneCommandPublisher = pollingOnly): Promise<void> => {
  await saveLaneCommand(command);
  await publisher.publish(command);
};
