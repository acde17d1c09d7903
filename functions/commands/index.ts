export {
  bestEffort,
  iotEndpointVariable,
  laneCommandPublisher,
  laneCommandSchema,
  laneCommandsVariable,
  laneCommandTransports,
  mqttUrlVariable,
  publisherFromEnvironment,
  type LaneCommand,
  type LaneCommandPublisher,
  type LaneCommandTransport,
} from './publisher.js';
export { iotCoreLaneCommandPublisher, iotDataPlanePublish, type IotDataPublish, type IotPublishRequest } from './iotCoreLaneCommandPublisher.js';
export { mqttLaneCommandPublisher } from './mqttLaneCommandPublisher.js';
export { connectMqtt, MqttRefusal, type MqttConnection, type MqttMessage } from './mqttConnection.js';
export { allLaneCommandTopics, allLaneTelemetryTopics, laneCommandTopic, laneTelemetryTopic, laneTopicRoot } from './laneCommandTopics.js';
