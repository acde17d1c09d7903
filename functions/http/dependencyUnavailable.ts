import { DomainError } from '../../shared/errors/index.js';

/**
 * Something the service depends on (DynamoDB, a payment provider) did not answer. The request
 * may succeed later, so the edge answers 503 with a retry hint rather than 500.
 */
export class DependencyUnavailable extends DomainError {
  constructor(
    readonly dependency: string,
    message: string,
    cause?: unknown,
  ) {
    super('UNAVAILABLE', message, { dependency });
    this.name = 'DependencyUnavailable';
    this.cause = cause;
  }
}
