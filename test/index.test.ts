import { describe, expect, it } from 'vitest';
import * as wuming from '../src/index.js';

describe('public library API', () => {
  it('exposes every stage as a typed function', () => {
    for (const name of [
      'createEngine',
      'readSource',
      'writeRelation',
      'scan',
      'proposePolicy',
      'parsePolicy',
      'anonymize',
      'applyPolicy',
      'assessRisk',
      'deidentify',
      'reidentify',
      'verifyFile',
      'assessFile',
      'demo',
      'detectText',
      'buildHierarchy',
      'generate',
      'toHtml',
      'decideVerdict',
      'runDp',
    ]) {
      expect(typeof (wuming as Record<string, unknown>)[name], name).toBe('function');
    }
  });
  it('detects a resident ID through the package entry point', () => {
    const f = wuming.detectText('身份证号码：11010519491231002X');
    expect(f.map((x) => x.type)).toContain('CN_RESIDENT_ID');
  });
});
