import type { Register } from './common.js';

/**
 * Every CLI command, one file each. Adding a command = one file in cli/ exporting `register`
 * plus one line here.
 */
export const commands: Register[] = [];
