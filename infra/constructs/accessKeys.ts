/**
 * The two keys the functions check callers with, each a Secrets Manager secret with a generated
 * value: the access-token key (driver, merchant and operator tokens) and the device master key
 * (every lane device's secret is derived from it). Both are retained when the stack goes: losing
 * one logs everyone out or locks every device out. A function gets a key only when its routes
 * are called that way or its group uses it (`giveTo`): the secret's ARN in the variable its loader reads
 * (functions/secrets) and secretsmanager:GetSecretValue on that secret alone.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tokenKeySecretVariable } from '../../functions/access/tokenKey.js';
import { masterKeySecretArnVariable } from '../../functions/devices/deviceEnvironment.js';
import type { RouteAuth } from '../../functions/routes.js';

/**
 * 64 letters and digits: every one is a base64url character, so the token key decodes
 * (functions/access/tokenKey.ts) to 48 bytes, above its 32-byte minimum; about 380 random bits.
 */
export const generatedKeyLength = 64;

interface KeyDefinition {
  /** The secret's construct id. */
  id: string;
  /** Secrets Manager's description of the secret. */
  description: string;
  /** Callers of these kinds are checked with the key. */
  auths: readonly RouteAuth[];
  /** Where the function's loader looks for the secret's ARN. */
  variable: string;
  whyNotRotated: string;
}

const keyDefinitions = {
  tokenKey: {
    id: 'TokenKey',
    description: 'Parkade access-token key (base64url): signs and verifies driver, merchant and operator tokens',
    auths: ['driver', 'merchant', 'operator'],
    variable: tokenKeySecretVariable,
    whyNotRotated:
      'Rotating the access-token key invalidates every driver, merchant and operator token at once (everyone is logged out), so it is a deliberate manual operation, not a schedule.',
  },
  deviceMasterKey: {
    id: 'DeviceMasterKey',
    description: 'Parkade device master key: every lane device secret is derived from it',
    auths: ['device'],
    variable: masterKeySecretArnVariable,
    whyNotRotated:
      'Every lane device secret is derived from the device master key, so rotating it changes every device’s secret; devices move to new secrets by a planned admin operation (secretVersion), never automatically.',
  },
} satisfies Record<string, KeyDefinition>;

export type AccessKeyName = keyof typeof keyDefinitions;

export class AccessKeys extends Construct {
  readonly secrets: Record<AccessKeyName, Secret>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secrets = Object.fromEntries(
      Object.entries(keyDefinitions).map(([name, definition]) => {
        const secret = new Secret(this, definition.id, {
          description: definition.description,
          generateSecretString: { passwordLength: generatedKeyLength, excludePunctuation: true },
          removalPolicy: RemovalPolicy.RETAIN,
        });
        Validations.of(secret).acknowledge({ id: 'AwsSolutions::AwsSolutions-SMG4', reason: definition.whyNotRotated });
        return [name, secret];
      }),
    ) as Record<AccessKeyName, Secret>;
  }

  /**
   * Gives a function the keys that check the kinds of caller its routes accept and the keys its
   * group uses otherwise (`uses`: the admin group issues tokens and device secrets), and no other.
   */
  giveTo(fn: LambdaFunction, auths: ReadonlySet<RouteAuth>, uses: readonly AccessKeyName[] = []): void {
    for (const [name, definition] of Object.entries(keyDefinitions) as [AccessKeyName, KeyDefinition][]) {
      if (!definition.auths.some((auth) => auths.has(auth)) && !uses.includes(name)) continue;
      const secret = this.secrets[name];
      fn.addEnvironment(definition.variable, secret.secretArn);
      fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    }
  }
}
