/**
 * The WeChat credentials' secrets (their JSON shapes: functions/wechat, docs/secrets.md), read
 * through the one secret loader (functions/secrets). WeChat issues these credentials and an
 * administrator pastes new ones in when they change, so they are read again every five minutes:
 * a rotation reaches every container within that time.
 */
import type { KeyInEnvironment } from '../secrets/keyFromEnvironment.js';
import { weChatLoginSecretVariable, weChatPaySecretVariable } from './weChatEnvironment.js';

const rotatedByAdministrator = { maxAgeSeconds: 300 };

export const weChatLoginSecret: KeyInEnvironment = {
  name: 'weChatLoginConfig',
  description: 'WeChat login configuration',
  secretVariable: weChatLoginSecretVariable,
  ...rotatedByAdministrator,
};

export const weChatPaySecret: KeyInEnvironment = {
  name: 'weChatPayConfig',
  description: 'WeChat Pay configuration',
  secretVariable: weChatPaySecretVariable,
  ...rotatedByAdministrator,
};

export const requiredVariable = (environment: NodeJS.ProcessEnv, name: string, purpose: string): string => {
  const value = environment[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set (${purpose})`);
  return value;
};
