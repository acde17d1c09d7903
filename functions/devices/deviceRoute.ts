/**
 * A route only lane devices may call: the device is authenticated (authenticateDevice) before
 * the request is even parsed, so an unsigned caller learns nothing from validation errors.
 */
import { route, type Route, type RouteInput, type RouteRequest } from '../http/index.js';
import type { Reply } from '../http/index.js';
import type { LaneDevice } from '../../shared/sessions/index.js';
import { authenticateDevice } from './authenticateDevice.js';

export type DeviceRequest<S extends RouteInput> = RouteRequest<S> & { device: LaneDevice; receivedAt: Date };

export const deviceRoute = <S extends RouteInput>(input: S, answer: (request: DeviceRequest<S>) => Promise<Reply>): Route => ({
  input,
  answer: async (event, context) => {
    const receivedAt = new Date();
    const device = await authenticateDevice(event, receivedAt);
    return route(input, (request) => answer({ ...request, device, receivedAt })).answer(event, context);
  },
});
