/**
 * Item reads and writes on the table and on each index it defines, by name: no `index/*`
 * wildcard, no table management, no streams. Every Parkade function gets exactly this.
 */
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { parkadeTable } from '../../functions/store/table.js';

const tableDataActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export const grantTableData = (table: ITable, grantee: IGrantable): void => {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: tableDataActions,
      resources: [table.tableArn, ...parkadeTable.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)],
    }),
  );
};
