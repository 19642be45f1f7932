export {
  createKeyFile,
  generateKey,
  type KeyFileJson,
  type KeyPurpose,
  KeyRing,
  loadKeyFile,
  parseKeyFile,
  writeKeyFile,
} from './keyfile.js';
export { type HashAttackResult, MOBILE_CANDIDATES, runHashAttackDemo } from './plain-hash-attack.js';
export { TokenVault } from './vault.js';
