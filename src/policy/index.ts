export { PolicyError, type PolicyProblem } from './errors.js';
export { policyJsonSchema } from './json-schema.js';
export { checkPolicyColumns, loadPolicy, type ParseOptions, parsePolicy, policyLocation } from './parse.js';
export {
  type Action,
  type ColumnPolicy,
  type HierarchyRef,
  type Policy,
  type PrivacyPolicy,
  policySchema,
  type Role,
} from './schema.js';
