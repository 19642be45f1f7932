/**
 * The de-identification operators, one file each (a value in, a value out). Their registry is
 * src/operators/index.ts, above this folder and detect/.
 */
import { dateShiftParamsSchema } from './date-shift.js';
import { dropParamsSchema } from './drop.js';
import { fpeParamsSchema } from './fpe.js';
import { generalizeParamsSchema } from './generalize.js';
import { keepParamsSchema } from './keep.js';
import { maskParamsSchema } from './mask.js';
import { noiseParamsSchema } from './noise.js';
import { redactParamsSchema } from './redact.js';
import { replaceParamsSchema } from './replace.js';
import { roundParamsSchema } from './round.js';
import { tokenParamsSchema } from './token.js';
import { topBottomParamsSchema } from './top-bottom.js';

export { encodeToken, tokenBits } from '../crypto/token-encoding.js';
export { districtPrefix } from './address.js';
export type { DateShiftParams } from './date-shift.js';
export { shiftDate } from './date-shift.js';
export type { FakeKind } from './fake.js';
export { fakeValue, sampleValue } from './fake.js';
export type { FpeParams } from './fpe.js';
export * from './kinds.js';
export type { MaskParams } from './mask.js';
export { maskEmail, maskName, maskPositional } from './mask.js';
export type { NoiseParams } from './noise.js';
export type {
  Cell,
  ColumnTransform,
  Operator,
  OperatorContext,
  OperatorStats,
} from './operator.js';
export type { ReplaceParams } from './replace.js';
export type { RoundParams } from './round.js';
export type { TokenParams } from './token.js';
export type { TopBottomParams } from './top-bottom.js';
export {
  dateShiftParamsSchema,
  dropParamsSchema,
  fpeParamsSchema,
  generalizeParamsSchema,
  keepParamsSchema,
  maskParamsSchema,
  noiseParamsSchema,
  redactParamsSchema,
  replaceParamsSchema,
  roundParamsSchema,
  tokenParamsSchema,
  topBottomParamsSchema,
};
