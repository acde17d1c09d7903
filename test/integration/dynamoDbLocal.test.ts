import { afterEach, describe, expect, it } from 'vitest';
import { javaMissingMessage, startDynamoDbLocal } from '../../scripts/local/dynamoDbLocal.js';

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('starting DynamoDB Local', () => {
  it('says how to install Java when there is none', async () => {
    process.env.PATH = '/nonexistent';
    await expect(startDynamoDbLocal()).rejects.toThrow(javaMissingMessage);
  });

  it('refuses a relative data directory', async () => {
    await expect(startDynamoDbLocal({ dataDir: '.data/dynamodb' })).rejects.toThrow(/must be absolute/);
  });
});
