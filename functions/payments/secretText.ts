/**
 * A Secrets Manager secret's text, through Powertools Parameters (cached for five minutes per
 * container, so a rotation reaches every function within that time).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DomainError } from '../../shared/errors/index.js';

export const secretText = async (secretId: string): Promise<string> => {
  const value = await getSecret(secretId, { maxAge: 300 });
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  throw new DomainError('INTERNAL', `Secret ${secretId} has no value`);
};

export const requiredVariable = (environment: NodeJS.ProcessEnv, name: string, purpose: string): string => {
  const value = environment[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set (${purpose})`);
  return value;
};
