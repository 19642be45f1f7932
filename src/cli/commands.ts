import { register as anonymize } from './anonymize.js';
import { register as attack } from './attack.js';
import type { Register } from './common.js';
import { register as deidentify } from './deidentify.js';
import { register as demo } from './demo.js';
import { register as detect } from './detect.js';
import { register as hashAttackDemo } from './hash-attack-demo.js';
import { register as keygen } from './keygen.js';
import { register as reidentify } from './reidentify.js';
import { register as report } from './report.js';
import { register as risk } from './risk.js';
import { register as sample } from './sample.js';
import { register as scan } from './scan.js';
import { register as schema } from './schema.js';
import { register as verify } from './verify.js';

/**
 * Every CLI command, one file each. Adding a command = one file in cli/ exporting `register`
 * plus one line here.
 */
export const commands: Register[] = [
  demo,
  scan,
  detect,
  anonymize,
  deidentify,
  reidentify,
  keygen,
  risk,
  attack,
  verify,
  report,
  sample,
  schema,
  hashAttackDemo,
];
