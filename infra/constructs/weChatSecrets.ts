/**
 * WeChat's credentials: the mini-program's app secret (login) and the WeChat Pay merchant
 * configuration. WeChat issues them, so the stack only creates placeholder secrets holding the
 * JSON fields with empty values (the shapes of functions/wechat's config readers); an
 * administrator fills them in (docs/secrets.md). Both are retained: losing one stops logins or
 * payments until WeChat's values are found again. A function gets a secret only when its group
 * declares it (`secrets` in functions/routes.ts): the secret's ARN in the variable its loader
 * reads and secretsmanager:GetSecretValue on that secret alone.
 */
import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { weChatLoginSecretVariable, weChatPaySecretVariable } from '../../functions/payments/weChatEnvironment.js';
import type { GroupSecret } from '../../functions/routes.js';

interface PlaceholderDefinition {
  /** The secret's construct id. */
  id: string;
  secretName: string;
  /** What the secret is for, before the list of fields to fill in. */
  purpose: string;
  /** The JSON an administrator fills in: every required field, empty. */
  placeholder: Record<string, unknown>;
  /** Optional fields, named in the description. */
  optional: readonly string[];
  /** Where the function's loader looks for the secret's ARN. */
  variable: string;
}

const whyNotRotated =
  'WeChat issues these credentials and rotates them through its own consoles (the mini-program admin console, the WeChat Pay merchant platform); Secrets Manager cannot rotate them. An administrator pastes the new values in (docs/secrets.md) and the functions pick them up within five minutes.';

export const weChatSecretDefinitions = {
  weChatLogin: {
    id: 'WeChatLogin',
    secretName: 'parkade/wechat-login',
    purpose: 'Parkade WeChat mini-program login, issued by WeChat (mp.weixin.qq.com)',
    placeholder: { appId: '', appSecret: '' },
    optional: ['apiBaseUrl', 'timeoutMs'],
    variable: weChatLoginSecretVariable,
  },
  weChatPay: {
    id: 'WeChatPay',
    secretName: 'parkade/wechat-pay',
    purpose: 'Parkade WeChat Pay API v3 merchant configuration, issued by WeChat Pay (pay.weixin.qq.com)',
    placeholder: {
      mchId: '',
      appId: '',
      merchantSerialNo: '',
      merchantPrivateKeyPem: '',
      apiV3Key: '',
      platformKeys: [{ id: '', pem: '' }],
      notifyUrl: '',
    },
    optional: ['refundNotifyUrl', 'apiBaseUrl', 'timeoutMs'],
    variable: weChatPaySecretVariable,
  },
} satisfies Record<GroupSecret, PlaceholderDefinition>;

const descriptionOf = ({ purpose, placeholder, optional }: PlaceholderDefinition): string =>
  `${purpose}. JSON an administrator fills in: ${Object.keys(placeholder).join(', ')}; optional: ${optional.join(', ')}. See docs/secrets.md.`;

export class WeChatSecrets extends Construct {
  readonly secrets: Record<GroupSecret, Secret>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secrets = Object.fromEntries(
      Object.entries(weChatSecretDefinitions).map(([name, definition]) => {
        const secret = new Secret(this, definition.id, {
          secretName: definition.secretName,
          description: descriptionOf(definition),
          // Only field names and empty strings: nothing secret reaches the template. CloudFormation
          // writes this value when it creates the secret and again whenever the text changes, so
          // changing a placeholder overwrites the credentials an administrator filled in.
          secretStringValue: SecretValue.unsafePlainText(JSON.stringify(definition.placeholder)),
          removalPolicy: RemovalPolicy.RETAIN,
        });
        Validations.of(secret).acknowledge({ id: 'AwsSolutions::AwsSolutions-SMG4', reason: whyNotRotated });
        return [name, secret];
      }),
    ) as Record<GroupSecret, Secret>;
  }

  /** Gives a function the WeChat secrets its group declares, and no other. */
  giveTo(fn: LambdaFunction, declared: readonly GroupSecret[]): void {
    for (const name of declared) {
      const secret = this.secrets[name];
      fn.addEnvironment(weChatSecretDefinitions[name].variable, secret.secretArn);
      fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    }
  }
}
