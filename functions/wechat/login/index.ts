/** WeChat mini-program login and phone number (WeChatLogin), real and simulated. */
export * from './weChatLogin.js';
export { WeChatLoginClient, readWeChatLoginConfig, weChatLoginSecretSchema, type WeChatLoginConfig } from './weChatLoginClient.js';
export { SimulatedWeChatLogin } from './simulatedWeChatLogin.js';
