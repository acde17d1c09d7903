/**
 * Pushing a command to a lane's barrier over MQTT: AWS IoT Core in the cloud, the embedded broker
 * locally (DESIGN.md "Lane devices"). The push is the fast path only: callers store the command
 * for polling first (functions/devices/issueLaneCommand.ts), so a failed push costs a device one
 * polling interval, never the command. That is why the publisher the functions use
 * (`laneCommandPublisher()`) logs a failed push and carries on.
 *
 * Environment (set by the devices stack in the cloud and by `npm start` locally):
 *   PARKADE_LANE_COMMANDS   `iot` | `mqtt` | `polling` (default: polling, nothing is pushed)
 *   PARKADE_IOT_ENDPOINT    the account's IoT data endpoint, for `iot`
 *   PARKADE_MQTT_URL        mqtt://<user>:<password>@<host>:<port>, for `mqtt`
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LaneCommand } from '../sessions/laneCommands.js';
import { logger, metrics } from '../http/observability.js';
import { iotEndpointVariable, laneCommandsVariable, laneCommandTransports, mqttUrlVariable } from './commandsEnvironment.js';
import { iotCoreLaneCommandPublisher } from './iotCoreLaneCommandPublisher.js';
import { mqttLaneCommandPublisher } from './mqttLaneCommandPublisher.js';

export { laneCommandSchema, type LaneCommand } from '../sessions/laneCommands.js';

export interface LaneCommandPublisher {
  publish(command: LaneCommand): Promise<void>;
}

const pollingOnly: LaneCommandPublisher = { publish: async () => undefined };

const required = (environment: NodeJS.ProcessEnv, name: string, transport: string): string => {
  const value = environment[name];
  if (value === undefined || value === '') throw new Error(`${laneCommandsVariable}=${transport} needs ${name}`);
  return value;
};

/** The publisher the environment asks for; throws on an incomplete configuration. */
export const publisherFromEnvironment = (environment: NodeJS.ProcessEnv = process.env): LaneCommandPublisher => {
  const transport = environment[laneCommandsVariable] || 'polling';
  switch (transport) {
    case 'iot':
      return iotCoreLaneCommandPublisher({ endpoint: required(environment, iotEndpointVariable, transport) });
    case 'mqtt':
      return mqttLaneCommandPublisher({ url: required(environment, mqttUrlVariable, transport), clientId: 'parkade-commands' });
    case 'polling':
      return pollingOnly;
    default:
      throw new Error(`${laneCommandsVariable} must be one of ${laneCommandTransports.join(', ')}, not ${transport}`);
  }
};

/** A publisher whose failures are logged and counted (`LaneCommandPushFailed`) instead of thrown. */
export const bestEffort = (publisher: LaneCommandPublisher): LaneCommandPublisher => ({
  publish: async (command) => {
    try {
      await publisher.publish(command);
    } catch (error) {
      logger.warn('Lane command not pushed; the device gets it by polling', {
        commandId: command.commandId,
        lotId: command.lotId,
        laneId: command.laneId,
        error,
      });
      metrics.addMetric('LaneCommandPushFailed', MetricUnit.Count, 1);
    }
  },
});

let configured: LaneCommandPublisher | undefined;

/** The functions' publisher: from the environment, best effort, one per container. */
export const laneCommandPublisher = (): LaneCommandPublisher => {
  configured ??= bestEffort(publisherFromEnvironment());
  return configured;
};
