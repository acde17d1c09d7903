import { DomainError } from '../../shared/errors/index.js';

/**
 * Something the service depends on (DynamoDB, a payment provider) did not answer. The request
 * may succeed later, so the edge answers 503 rather than 500; the code stays INTERNAL because
 * the caller can do nothing about it but retry.
 */
export class DependencyUnavailable extends DomainError {
  constructor(
    readonly dependency: string,
    message: string,
    cause?: unknown,
  ) {
    super('INTERNAL', message, { dependency });
    this.name = 'DependencyUnavailable';
    this.cause = cause;
  }
}
