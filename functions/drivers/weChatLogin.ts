/**
 * The WeChat login the functions use: the simulator when the WeChat simulator directory is set
 * (local stack, tests), otherwise api.weixin.qq.com with the app secret from Secrets Manager,
 * rebuilt when an administrator's new app secret arrives (functions/secrets).
 */
import { readWeChatLoginConfig, SimulatedWeChatLogin, WeChatLoginClient, type WeChatLogin } from '../wechat/login/index.js';
import { weChatLoginSecret } from '../payments/secretText.js';
import { weChatSimulatorDirVariable } from '../payments/weChatEnvironment.js';
import { configFromSecret } from '../secrets/configFromSecret.js';

const loginFromSecret = configFromSecret(weChatLoginSecret, (stored) => new WeChatLoginClient(readWeChatLoginConfig(stored)));

let simulated: SimulatedWeChatLogin | undefined;

export const weChatLogin = async (environment: NodeJS.ProcessEnv = process.env): Promise<WeChatLogin> => {
  if (!environment[weChatSimulatorDirVariable]) return loginFromSecret(environment);
  simulated ??= new SimulatedWeChatLogin();
  return simulated;
};
