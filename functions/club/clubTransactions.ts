/**
 * The club's read-decide-write loop: `attempt` reads the current state, asks the core and
 * returns the items to write (conditional on what it read) with the result. A cancelled
 * transaction means a concurrent change (another join of the driver, a racing exit of the same
 * member, a payment credited twice at once): read again and decide again. Every club item is
 * idempotent by its key, so deciding again never writes anything twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DependencyUnavailable } from '../http/index.js';
import { transactWrite, type TransactionItem } from '../sessions/transactWrite.js';

const maxAttempts = 10;

export interface ClubDecision<T> {
  items: TransactionItem[];
  result: T;
}

export const commitClubDecision = async <T>(what: string, attempt: () => Promise<ClubDecision<T>>): Promise<T> => {
  for (let round = 1; round <= maxAttempts; round += 1) {
    const { items, result } = await attempt();
    if (items.length === 0) return result;
    const outcome = await transactWrite(items);
    if (outcome.committed) return result;
    if (!outcome.reasons.some((reason) => reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict')) {
      throw new DependencyUnavailable('storage', `Storage refused ${what} (${outcome.reasons.join(', ')})`);
    }
    await sleep(Math.random() * 10 * round);
  }
  throw new DependencyUnavailable('storage', `${what} kept meeting concurrent changes; try again`);
};
