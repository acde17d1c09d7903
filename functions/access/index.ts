export { principalOf, type CallerAuth } from './principalOf.js';
export {
  decodeTokenKey,
  generateTokenKey,
  secretsManagerReader,
  tokenKey,
  tokenKeySecretVariable,
  tokenKeyVariable,
  type SecretReader,
} from './tokenKey.js';
