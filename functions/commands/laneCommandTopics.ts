/**
 * MQTT topics of a lane, the same on AWS IoT Core and on the local broker:
 *   parkade/<lotId>/lanes/<laneId>/commands    cloud → device (open the barrier)
 *   parkade/<lotId>/lanes/<laneId>/telemetry   device → cloud (heartbeats, status)
 * Lot and lane ids are restricted to letters, digits, "-" and "_" (laneIdSchema), so they never
 * carry a level separator or a wildcard.
 */
export const laneTopicRoot = 'parkade';

export const laneCommandTopic = (lotId: string, laneId: string): string => `${laneTopicRoot}/${lotId}/lanes/${laneId}/commands`;

export const laneTelemetryTopic = (lotId: string, laneId: string): string => `${laneTopicRoot}/${lotId}/lanes/${laneId}/telemetry`;

/** Every lane's command topic, as an MQTT filter (and, with `*`, as an IoT policy resource). */
export const allLaneCommandTopics = laneCommandTopic('+', '+');
export const allLaneTelemetryTopics = laneTelemetryTopic('+', '+');
