/**
 * Find personal information in free text. Run: npx tsx examples/detect.ts
 * (`wuming` resolves to this package: inside the repository after `npm run build`, or from
 * node_modules once installed.)
 */
import { detect } from 'wuming';

const text = '客户张伟，手机 13812345678，邮箱 zhang.wei@example.com，身份证 11010519491231002X。';

// `detect(text)` is `detectText`: each finding has its type, its span and a score.
for (const f of detect(text)) {
  // Print where and what, not the value itself: findings are personal information.
  console.log(`${f.type.padEnd(16)} characters ${f.start}-${f.end}  score ${f.score.toFixed(2)}`);
}
// The detector module is still reachable as before: detect.detectLines, detect.ALL_TYPES, ...
console.log(`${detect.ALL_TYPES.length} PI types known`);
