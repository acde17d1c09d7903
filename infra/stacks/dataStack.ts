/**
 * Parkade's data: the one DynamoDB table, built from functions/store/table.ts so the cloud and
 * the local stack have the same keys, indexes and TTL. It outlives its stack: deletion
 * protection on, retained when the stack goes, point-in-time recovery for the last 35 days.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
  type Attribute,
  type ITable,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { parkadeTable, type KeyAttribute } from '../../functions/store/table.js';

const attributeOf = ({ name, type }: KeyAttribute): Attribute => ({
  name,
  type: type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export class DataStack extends Stack {
  readonly table: ITable;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { description: 'Parkade data: the DynamoDB table', ...props });

    const table = new Table(this, 'Table', {
      partitionKey: attributeOf(parkadeTable.partitionKey),
      sortKey: attributeOf(parkadeTable.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: parkadeTable.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.AWS_MANAGED,
    });
    for (const index of parkadeTable.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attributeOf(index.partitionKey),
        sortKey: attributeOf(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    this.table = table;

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The Parkade DynamoDB table' });
  }
}
