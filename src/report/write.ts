import { join } from 'node:path';
import { writeFileAtomic } from '../io/write.js';
import type { Assessment } from './assessment.js';
import { toHtml } from './html.js';

/** report.json (the typed object) and report.html (its rendering), each written atomically. */
export async function writeReport(a: Assessment, dir: string): Promise<{ json: string; html: string }> {
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  await writeFileAtomic(json, `${JSON.stringify(a, null, 2)}\n`);
  await writeFileAtomic(html, toHtml(a));
  return { json, html };
}
