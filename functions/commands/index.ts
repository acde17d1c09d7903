export {
  bestEffort,
  laneCommandPublisher,
  laneCommandSchema,
  publisherFromEnvironment,
  type LaneCommand,
  type LaneCommandPublisher,
} from './publisher.js';
export {
  iotEndpointVariable,
  laneCommandsVariable,
  laneCommandTransports,
  mqttUrlVariable,
  type LaneCommandTransport,
} from './commandsEnvironment.js';
export { iotCoreLaneCommandPublisher, iotDataPlanePublish, type IotDataPublish, type IotPublishRequest } from './iotCoreLaneCommandPublisher.js';
export { mqttLaneCommandPublisher } from './mqttLaneCommandPublisher.js';
export { allLaneCommandTopics, allLaneTelemetryTopics, laneCommandTopic, laneTelemetryTopic, laneTopicRoot } from './laneCommandTopics.js';
