/**
 * The payment provider the functions use, from the environment (weChatEnvironment.ts): the
 * local simulator when a simulator directory is set, otherwise WeChat Pay API v3 with its
 * configuration from Secrets Manager, rebuilt when an administrator's new configuration
 * arrives (functions/secrets). A failed set-up is tried again on the next request.
 */
import type { PaymentProvider } from '../../shared/payments/index.js';
import { configFromSecret } from '../secrets/configFromSecret.js';
import { readWeChatPayConfig, SimulatedPaymentProvider, WeChatPayProvider } from '../wechat/pay/index.js';
import { requiredVariable, weChatPaySecret } from './secretText.js';
import { weChatPayNotifyUrlVariable, weChatSimulatorDirVariable } from './weChatEnvironment.js';

const weChatPayFromSecret = configFromSecret(weChatPaySecret, (stored) => new WeChatPayProvider(readWeChatPayConfig(stored)));

let simulated: SimulatedPaymentProvider | undefined;

export const paymentProvider = async (environment: NodeJS.ProcessEnv = process.env): Promise<PaymentProvider> => {
  const simulatorDir = environment[weChatSimulatorDirVariable];
  if (!simulatorDir) return weChatPayFromSecret(environment);
  simulated ??= new SimulatedPaymentProvider({
    dir: simulatorDir,
    notifyUrl: requiredVariable(environment, weChatPayNotifyUrlVariable, 'where the payment simulator posts notifications'),
  });
  return simulated;
};
