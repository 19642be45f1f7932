export type {
  Assessment,
  Chart,
  ColumnDecision,
  ModelCheck,
  PrivacySummary,
  RiskSummary,
  SourceSummary,
  VerdictStatus,
} from './assessment.js';
export { VERDICT_WORDS } from './assessment.js';
export { toHtml } from './html.js';
export { decideVerdict, type VerdictInput } from './verdict.js';
export { writeReport } from './write.js';
