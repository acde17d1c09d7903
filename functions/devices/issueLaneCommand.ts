/**
 * Sends a command to a lane's barrier: stored for devices that poll (`GET /device/commands`)
 * first, then pushed through the publisher (IoT Core MQTT in the cloud, the embedded broker
 * locally; functions/commands), so a failed push costs a device one polling interval, never the
 * command.
 */
import { laneCommandPublisher, type LaneCommandPublisher } from '../commands/publisher.js';
import { saveLaneCommand, type LaneCommand } from '../sessions/laneCommands.js';

export const issueLaneCommand = async (command: LaneCommand, publisher: LaneCommandPublisher = laneCommandPublisher()): Promise<void> => {
  await saveLaneCommand(command);
  await publisher.publish(command);
};
