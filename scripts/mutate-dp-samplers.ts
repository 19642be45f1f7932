/**
 * Mutation test of the DP samplers' statistical tests: each mutant breaks one sampler (its scale,
 * its handling of zero, a coin) in a copy of the source, and test/dp/samplers.test.ts (goodness
 * of fit on 10^5 seeded draws) must fail on it. A surviving mutant means that sampler's test
 * cannot see that kind of bug. The working tree is never edited: each mutant runs in a temporary
 * copy of src/ and test/ beside a link to node_modules.
 * Usage: npm run test:mutation-dp [-- NAME…]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Mutant {
  name: string;
  file: string;
  find: string;
  replace: string;
}

const MUTANTS: Mutant[] = [
  // The control: the copy unmutated must pass, or every "kill" below would mean nothing.
  { name: 'control (no mutation)', file: 'src/dp/discrete-laplace.ts', find: '', replace: '' },
  {
    name: 'laplace-scale: Y = ⌊X/(s+1)⌋ (scale t/s becomes ≈ t/(s+1))',
    file: 'src/dp/discrete-laplace.ts',
    find: 'const y = (u + t * v) / s;',
    replace: 'const y = (u + t * v) / (s + 1n);',
  },
  {
    name: 'laplace-uniform-part: U accepted with e^(−U/(t+1)) instead of e^(−U/t)',
    file: 'src/dp/discrete-laplace.ts',
    find: 'if (!bernoulliExp(rng, rational(u, t))) continue;',
    replace: 'if (!bernoulliExp(rng, rational(u, t + 1n))) continue;',
  },
  {
    name: 'laplace-zero: "−0" kept, so 0 is drawn twice as often',
    file: 'src/dp/discrete-laplace.ts',
    find: 'if (negative && y === 0n) continue;',
    replace: '',
  },
  {
    name: 'gaussian-scale: acceptance exponent over σ² instead of 2σ²',
    file: 'src/dp/discrete-gaussian.ts',
    find: 'rational(a * a, 2n * n * d * t * t)',
    replace: 'rational(a * a, n * d * t * t)',
  },
  {
    name: 'gaussian-centre: acceptance centred on σ²/(2t) instead of σ²/t',
    file: 'src/dp/discrete-gaussian.ts',
    find: 'const a = (y < 0n ? -y : y) * t * d - n;',
    replace: 'const a = 2n * (y < 0n ? -y : y) * t * d - n;',
  },
  {
    name: 'bernoulli-exp: one e^−1 coin too few for γ ≥ 2',
    file: 'src/dp/bernoulli.ts',
    find: 'for (let i = 0n; i < whole; i++)',
    replace: 'for (let i = 1n; i < whole; i++)',
  },
  {
    name: 'exponential-factor: exp(ε·u/Δ) instead of exp(ε·u/(2Δ))',
    file: 'src/dp/exponential.ts',
    find: 'factor = 2n,',
    replace: 'factor = 1n,',
  },
  {
    name: 'randomized-response-epsilon: truth kept with e^(ε/2)/(e^(ε/2) + k − 1)',
    file: 'src/dp/randomized-response.ts',
    find: 'return sampleExponential(rng, utilities, epsilon, 1, 1n);',
    replace: 'return sampleExponential(rng, utilities, epsilon, 1, 2n);',
  },
];

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const survivors: string[] = [];
let ran = 0;
for (const m of MUTANTS) {
  if (only.length && !only.some((o) => m.name.startsWith(o))) continue;
  ran++;
  const dir = mkdtempSync(join(tmpdir(), 'wuming-mutant-'));
  try {
    for (const f of ['src', 'test', 'package.json', 'tsconfig.json', 'vitest.config.ts'])
      cpSync(join(root, f), join(dir, f), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const path = join(dir, m.file);
    const text = readFileSync(path, 'utf8');
    if (m.find !== '' && !text.includes(m.find)) throw new Error(`mutant "${m.name}": text not found in ${m.file}`);
    writeFileSync(path, text.replace(m.find, m.replace));
    const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/dp/samplers.test.ts'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const killed = r.status !== 0;
    if (m.find === '') {
      if (killed) throw new Error(`the sampler tests fail on an unmutated copy:\n${r.stdout}\n${r.stderr}`);
      process.stdout.write('control   the unmutated copy passes\n');
      continue;
    }
    // vitest's summary names each failed test: "FAIL  test/dp/samplers.test.ts > describe > test"
    const plain = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    const failed = [
      ...new Set([...plain.matchAll(/FAIL\s+.*?\.test\.ts > (.+)$/gm)].map((x) => x[1].trim())),
    ];
    process.stdout.write(
      `${killed ? 'killed  ' : 'SURVIVED'}  ${m.name}${killed ? `\n          by: ${failed.join(' | ') || '(vitest exited non-zero)'}` : ''}\n`,
    );
    if (!killed) survivors.push(m.name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (survivors.length > 0) {
  process.stderr.write(`mutants survived: ${survivors.join('; ')}\n`);
  process.exit(1);
}
process.stdout.write(`all ${ran - 1} mutants killed\n`);
