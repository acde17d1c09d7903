/**
 * Lane commands through AWS IoT Core: an HTTPS publish (QoS 1) to the lane's command topic on
 * the account's IoT data endpoint (`<prefix>-ats.iot.<region>.amazonaws.com`), which the devices
 * stack hands the functions in PARKADE_IOT_ENDPOINT. One data-plane client per endpoint and
 * container, so connections are reused.
 */
import { IoTDataPlaneClient, PublishCommand } from '@aws-sdk/client-iot-data-plane';
import { tracer } from '../http/observability.js';
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

const clients = new Map<string, IoTDataPlaneClient>();

/** The IoT data-plane PublishCommand at `endpoint`. */
export const iotDataPlanePublish: IotDataPublish = async (endpoint, request) => {
  let client = clients.get(endpoint);
  if (client === undefined) {
    client = tracer.captureAWSv3Client(new IoTDataPlaneClient({ endpoint }));
    clients.set(endpoint, client);
  }
  await client.send(new PublishCommand(request));
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
