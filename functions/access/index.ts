export { principalOf, type CallerAuth } from './principalOf.js';
export { secretsManagerReader, tokenKey, type SecretReader } from './loadTokenKey.js';
export { decodeTokenKey, generateTokenKey, tokenKeySecretVariable, tokenKeyVariable } from './tokenKey.js';
