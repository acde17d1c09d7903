/**
 * The payment provider the functions use, from the environment (weChatEnvironment.ts): the
 * local simulator when a simulator directory is set, otherwise WeChat Pay API v3 with its
 * configuration from Secrets Manager. One per container; a failed set-up is tried again.
 */
import type { PaymentProvider } from '../../shared/payments/index.js';
import { loadWeChatPayConfig, SimulatedPaymentProvider, WeChatPayProvider } from '../wechat/pay/index.js';
import { requiredVariable, secretText } from './secretText.js';
import { weChatPayNotifyUrlVariable, weChatPaySecretVariable, weChatSimulatorDirVariable } from './weChatEnvironment.js';

const providerFromEnvironment = async (environment: NodeJS.ProcessEnv): Promise<PaymentProvider> => {
  const simulatorDir = environment[weChatSimulatorDirVariable];
  if (simulatorDir) {
    return new SimulatedPaymentProvider({
      dir: simulatorDir,
      notifyUrl: requiredVariable(environment, weChatPayNotifyUrlVariable, 'where the payment simulator posts notifications'),
    });
  }
  const secretId = requiredVariable(environment, weChatPaySecretVariable, 'the WeChat Pay configuration secret');
  return new WeChatPayProvider(await loadWeChatPayConfig(secretText, secretId));
};

let configured: Promise<PaymentProvider> | undefined;

export const paymentProvider = (environment: NodeJS.ProcessEnv = process.env): Promise<PaymentProvider> => {
  if (configured === undefined) {
    const loading = providerFromEnvironment(environment);
    loading.catch(() => {
      if (configured === loading) configured = undefined;
    });
    configured = loading;
  }
  return configured;
};
