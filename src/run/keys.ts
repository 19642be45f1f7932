/**
 * The key jobs as the CLI and a server call them: create a key file (0600, its id printed, never
 * the key), load one, and the plain-hash attack demonstration.
 */
export { createKeyFile, loadKeyFile, runHashAttackDemo } from '../keys/index.js';
