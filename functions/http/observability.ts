/**
 * Powertools for every function: one logger, one metrics buffer and one tracer per container.
 * Route code adds the lot, session and plate it works on with `appendRequestKeys`, so every
 * log line of that request carries them; the keys are cleared after each invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const serviceName = 'parkade';
export const metricsNamespace = 'Parkade';

export const logger = new Logger({ serviceName });
// Metrics' own warnings (e.g. an invocation that recorded nothing) go through the logger, so
// they are structured and follow POWERTOOLS_LOG_LEVEL.
export const metrics = new Metrics({ namespace: metricsNamespace, serviceName, logger });
export const tracer = new Tracer({ serviceName });

/** What a request is about; the names are the ones operators search the logs for. */
export interface RequestKeys {
  lotId?: string;
  sessionId?: string;
  plate?: string;
}

const requestKeyNames = ['lotId', 'sessionId', 'plate'] as const satisfies readonly (keyof RequestKeys)[];

export const appendRequestKeys = (keys: RequestKeys): void => {
  const present = Object.fromEntries(
    requestKeyNames.flatMap((name) => (keys[name] === undefined ? [] : [[name, keys[name]]])),
  );
  logger.appendKeys(present);
};
