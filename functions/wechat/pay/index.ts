/** WeChat Pay API v3 behind shared/payments' PaymentProvider, and its local simulator. */
export { WeChatPayProvider, defaultMicropayPolicy, type MicropayPolicy } from './weChatPayProvider.js';
export {
  readWeChatPayConfig,
  weChatPaySecretSchema,
  type WeChatPayConfig,
  type WeChatPaySecret,
} from './config.js';
export { parseTradeBill } from './tradeBill.js';
export { SimulatedPaymentProvider, type NotificationDelivery } from './simulator/simulatedPaymentProvider.js';
export { prepayIdOfPackage, type PaymentConfirmationPage } from './simulator/confirmationPage.js';
