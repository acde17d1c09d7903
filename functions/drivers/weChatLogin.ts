/**
 * The WeChat login the functions use: the simulator when the WeChat simulator directory is set
 * (local stack, tests), otherwise api.weixin.qq.com with the app secret from Secrets Manager.
 */
import { DomainError } from '../../shared/errors/index.js';
import { readWeChatLoginConfig, SimulatedWeChatLogin, WeChatLoginClient, type WeChatLogin } from '../wechat/login/index.js';
import { requiredVariable, secretText } from '../payments/secretText.js';
import { weChatLoginSecretVariable, weChatSimulatorDirVariable } from '../payments/weChatEnvironment.js';

const loginFromEnvironment = async (environment: NodeJS.ProcessEnv): Promise<WeChatLogin> => {
  if (environment[weChatSimulatorDirVariable]) return new SimulatedWeChatLogin();
  const secretId = requiredVariable(environment, weChatLoginSecretVariable, 'the WeChat mini-program app secret');
  const text = await secretText(secretId);
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    throw new DomainError('INTERNAL', `Secret ${secretId} is not JSON`);
  }
  return new WeChatLoginClient(readWeChatLoginConfig(stored));
};

let configured: Promise<WeChatLogin> | undefined;

export const weChatLogin = (environment: NodeJS.ProcessEnv = process.env): Promise<WeChatLogin> => {
  if (configured === undefined) {
    const loading = loginFromEnvironment(environment);
    loading.catch(() => {
      if (configured === loading) configured = undefined;
    });
    configured = loading;
  }
  return configured;
};
