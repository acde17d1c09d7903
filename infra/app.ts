/**
 * The CDK app (`npx cdk synth`). Environment-agnostic: no account or region lookups, so it
 * synthesises offline; `cdk deploy` picks the account and region from the caller's credentials.
 */
import { App } from 'aws-cdk-lib';
import { buildParkade } from './parkade.js';

const app = new App();
buildParkade(app);
app.synth();
