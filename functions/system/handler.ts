/** The `system` function group: is the service up, and can it reach its data? */
import packageJson from '../../package.json' with { type: 'json' };
import { httpApi, ok, route, serviceName } from '../http/index.js';
import { probeStorage } from './probeStorage.js';

export const handler = httpApi({
  'GET /health': route(async () => {
    await probeStorage();
    return ok({
      status: 'ok',
      service: serviceName,
      version: packageJson.version,
      time: new Date().toISOString(),
      storage: 'ok',
    });
  }),
});
