/**
 * The DynamoDB table, described once as plain data. The CDK data stack and the local stack
 * both build the table from this, so the cloud and a laptop cannot drift apart.
 * Key design and access patterns: docs/data-model.md.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Logical name; the deployed table name is chosen by CloudFormation. */
  logicalName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalIndexes: IndexDefinition[];
  /** Epoch-seconds attribute DynamoDB uses to expire items (nonces, idempotency records). */
  timeToLiveAttribute: string;
}

export const parkadeTable: TableDefinition = {
  logicalName: 'parkade',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** Environment variable through which every function learns the table's real name. */
export const tableNameVariable = 'PARKADE_TABLE';
