/**
 * The environment variables that configure lane command pushes (see publisher.ts). Kept apart
 * from the publisher so the local stack can name them without loading the functions' logger
 * before it has set the handlers' environment.
 */
export const laneCommandsVariable = 'PARKADE_LANE_COMMANDS';
export const iotEndpointVariable = 'PARKADE_IOT_ENDPOINT';
export const mqttUrlVariable = 'PARKADE_MQTT_URL';

export const laneCommandTransports = ['iot', 'mqtt', 'polling'] as const;
export type LaneCommandTransport = (typeof laneCommandTransports)[number];
