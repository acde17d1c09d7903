/**
 * Lane commands through AWS IoT Core: an HTTPS publish (QoS 1) to the lane's command topic on
 * the account's IoT data endpoint (`<prefix>-ats.iot.<region>.amazonaws.com`), which the devices
 * stack hands the functions in PARKADE_IOT_ENDPOINT. The call itself is `IotDataPublish`, the
 * shape of @aws-sdk/client-iot-data-plane's PublishCommand.
 */
import { laneCommandSchema, type LaneCommand } from '../sessions/laneCommands.js';
import { laneCommandTopic } from './laneCommandTopics.js';
import type { LaneCommandPublisher } from './publisher.js';

export interface IotPublishRequest {
  topic: string;
  qos: 1;
  payload: Uint8Array;
  contentType: 'application/json';
}

export type IotDataPublish = (endpoint: string, request: IotPublishRequest) => Promise<void>;

/**
 * The IoT data-plane call. @aws-sdk/client-iot-data-plane is not a dependency yet; until it is,
 * publishing fails loudly and devices get their commands by polling.
 */
export const iotDataPlanePublish: IotDataPublish = async (endpoint) => {
  throw new Error(`Cannot publish to AWS IoT Core at ${endpoint}: @aws-sdk/client-iot-data-plane is not installed`);
};

export const iotCoreLaneCommandPublisher = ({
  endpoint,
  publish = iotDataPlanePublish,
}: {
  endpoint: string;
  publish?: IotDataPublish;
}): LaneCommandPublisher => ({
  publish: async (command: LaneCommand) => {
    const valid = laneCommandSchema.parse(command);
    await publish(`https://${endpoint.replace(/^https:\/\//, '')}`, {
      topic: laneCommandTopic(valid.lotId, valid.laneId),
      qos: 1,
      payload: Buffer.from(JSON.stringify(valid), 'utf8'),
      contentType: 'application/json',
    });
  },
});
