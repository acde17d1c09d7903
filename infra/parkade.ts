/**
 * The whole Parkade deployment: one stack per concern, checked by cdk-nag's AWS Solutions rules.
 * Stacks for lane devices (IoT Core) and operations (dashboards, alarms, schedules, the reports
 * bucket) join here, taking what they need from the stacks before them.
 */
import { CrossStackReferences, ReferenceStrength, Tags, Validations, type App } from 'aws-cdk-lib';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/apiStack.js';
import { DataStack } from './stacks/dataStack.js';
import { DevicesStack } from './stacks/devicesStack.js';
import { OpsStack } from './stacks/opsStack.js';

export interface Parkade {
  data: DataStack;
  api: ApiStack;
  devices: DevicesStack;
  ops: OpsStack;
}

export const buildParkade = (app: App): Parkade => {
  // Strong (Fn::ImportValue): CloudFormation refuses to remove the data stack while functions use it.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  const data = new DataStack(app, 'Parkade-Data');
  const api = new ApiStack(app, 'Parkade-Api', { table: data.table });
  const devices = new DevicesStack(app, 'Parkade-Devices');
  // The function groups that open barriers (devices, staff, payments, no-plate entry, administrators) push their commands over IoT Core.
  for (const group of ['devices', 'operators', 'drivers', 'payments', 'admin'] as const) devices.allowLaneCommands(api.functions[group]);
  // Alarms, dashboards, saved queries, the reports bucket and the scheduled jobs, watching the stacks above (the stage's access log group is ApiStack's `AccessLogs`).
  const ops = new OpsStack(app, 'Parkade-Ops', {
    api: api.api,
    accessLogs: api.node.findChild('AccessLogs') as ILogGroup,
    functions: api.functions,
    table: data.table,
    weChatSecrets: api.weChatSecrets,
  });

  Tags.of(app).add('project', 'parkade');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, api, devices, ops };
};
