import { DomainError, parseOrThrow } from '../errors/index.js';
import { classifyPlate, plateSchema } from '../plates/index.js';

/*
 * Plates a driver binds to their account (to pick instead of typing, and for the club). A plate
 * may be bound by several drivers: a family shares a car, and nobody can prove ownership of a
 * plate through a mini-program anyway. Binding therefore grants nothing: it never reveals who
 * else bound the plate, nor anything about its stays beyond what any driver's quote shows.
 */

/** How many plates one account may bind when the deployment does not say. */
export const defaultMaxBoundPlates = 5;

/** The plate as it is stored; refuses our own temporary plates, which are issued, not bound. */
export const bindablePlate = (text: unknown): string => {
  const plate = parseOrThrow(plateSchema, text, 'plate');
  if (classifyPlate(plate) === 'temporary') {
    throw new DomainError('VALIDATION_FAILED', 'Temporary plates are issued at the entry lane and cannot be bound', {
      issues: [{ path: 'plate', message: 'must not be a temporary plate' }],
    });
  }
  return plate;
};
