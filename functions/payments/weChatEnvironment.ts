/**
 * How the drivers and payments functions reach WeChat; plain names with no imports, so the
 * local stack and CDK can set them without loading the functions' code.
 *
 *   PARKADE_WECHAT_SIMULATOR_DIR    local stack and tests: use the WeChat login and pay simulators
 *                                   (functions/wechat) with their keys and orders in this directory
 *   PARKADE_WECHAT_PAY_NOTIFY_URL   with the simulator: where it posts notifications (our route)
 *   PARKADE_WECHAT_PAY_SECRET       in the cloud: the Secrets Manager secret of WeChat Pay
 *                                   (shape: weChatPaySecretSchema)
 *   PARKADE_WECHAT_LOGIN_SECRET     in the cloud: the secret with the mini-program's app id and
 *                                   app secret (shape: weChatLoginSecretSchema)
 */
export const weChatSimulatorDirVariable = 'PARKADE_WECHAT_SIMULATOR_DIR';
export const weChatPayNotifyUrlVariable = 'PARKADE_WECHAT_PAY_NOTIFY_URL';
export const weChatPaySecretVariable = 'PARKADE_WECHAT_PAY_SECRET';
export const weChatLoginSecretVariable = 'PARKADE_WECHAT_LOGIN_SECRET';

/** Our payment (and refund) notification route, for the provider's notify URL. */
export const paymentNotificationPath = '/payments/wechat/notify';
