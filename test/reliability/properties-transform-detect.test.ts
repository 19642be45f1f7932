import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, residentIdCheckDigit } from '../../src/china/index.js';
import { NUMERIC_NEGATIVE } from '../../src/detect/context.js';
import { detectText } from '../../src/detect/index.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import { type ActionName, operators } from '../../src/operators/index.js';
import { seededRandom } from '../../src/random.js';
import { isBankCard, isMobile, isResidentId } from '../../src/transform/index.js';
import type { Cell } from '../../src/transform/operator.js';
import { fcOptions, timeout } from './fc-config.js';

/**
 * Issue 19, "invariants as property tests": de-identify then re-identify gives the input back
 * byte for byte for every reversible operator (fpe of every kind, date_shift, keep), FPE output
 * keeps valid check digits; detectors never report a span outside the text or two overlapping
 * findings of one type, and find every identifier planted in random surrounding text.
 */

const keys = new KeyRing(Buffer.alloc(32, 11));
const transform = (name: ActionName, params: object, column = 'c') =>
  operators[name].create(params, { column, keys, random: seededRandom(3) });

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A date in 1900–2099 (a real one: day clamped to the month). */
const dateArb = fc
  .record({
    y: fc.integer({ min: 1900, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => {
    const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { y, m, d: Math.min(d, dim) };
  });
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A resident ID of a real county, born 1940–2010, with its GB 11643 check character. */
const COUNTIES = [
  110101, 110105, 120101, 310104, 310115, 320102, 330106, 420102, 440106, 440305, 510104, 610113,
];
const residentIdArb = fc
  .tuple(
    fc.constantFrom(...COUNTIES),
    dateArb.filter(({ y }) => y >= 1940 && y <= 2010),
    digits(3, 3),
  )
  .map(([region, { y, m, d }, seq]) => {
    const body = `${region}${y}${pad(m)}${pad(d)}${seq}`;
    return body + residentIdCheckDigit(body);
  });
/** A mobile number in an allocated segment (MIIT numbering plan: 141 or 154 are not mobile). */
const mobileArb = fc
  .tuple(fc.constantFrom('130', '139', '147', '150', '158', '166', '177', '186', '189', '199'), digits(8, 8))
  .map(([p, rest]) => p + rest);
/** A 16–19 digit card (UnionPay BIN 62) with its Luhn digit. */
const bankCardArb = fc
  .tuple(fc.integer({ min: 14, max: 17 }), fc.integer({ min: 0, max: 2 ** 30 }))
  .chain(([len]) => digits(len - 2, len - 2).map((body) => `62${body}`))
  .map((body) => body + luhnCheckDigit(body));

describe('reversible operators round-trip byte for byte (property)', () => {
  it(
    'fpe of resident IDs, mobiles and bank cards: valid in, valid (check digits) out, exact inverse',
    () => {
      const cases: [string, fc.Arbitrary<string>, (s: string) => boolean][] = [
        ['resident_id', residentIdArb, isResidentId],
        ['mobile', mobileArb, isMobile],
        ['bank_card', bankCardArb, isBankCard],
      ];
      for (const [kind, arb, valid] of cases) {
        fc.assert(
          fc.property(fc.array(arb, { minLength: 1, maxLength: 20 }), (values) => {
            const t = transform('fpe', { kind }, kind);
            const enc = t.apply(values);
            for (const v of enc) expect(valid(v as string)).toBe(true);
            expect(t.invert?.(enc)).toEqual(values);
          }),
          fcOptions(30),
        );
      }
    },
    timeout(30_000),
  );

  it('fpe of digits and alnum strings (any other characters kept in place)', () => {
    const digitsText = fc
      .array(fc.constantFrom('0', '1', '5', '9', '-', ' ', '号', 'A'), { minLength: 0, maxLength: 24 })
      .map((a) => `${a.join('')}123456`);
    const alnumText = fc
      .array(fc.constantFrom('a', 'Z', '0', '9', '-', '·', '张'), { minLength: 0, maxLength: 24 })
      .map((a) => `abcd${a.join('')}`);
    for (const [kind, arb] of [
      ['digits', digitsText],
      ['alnum', alnumText],
    ] as const) {
      fc.assert(
        fc.property(fc.array(arb, { minLength: 1, maxLength: 10 }), (values) => {
          const t = transform('fpe', { kind }, kind);
          const enc = t.apply(values);
          enc.forEach((v, i) => {
            expect((v as string).length).toBe(values[i].length);
          });
          expect(t.invert?.(enc)).toEqual(values);
        }),
        fcOptions(30),
      );
    }
  });

  it('date_shift per subject, zero-padded forms with and without a time part, and keep', () => {
    const formatted = fc
      .tuple(dateArb, fc.constantFrom(0, 1, 2, 3, 4), fc.constantFrom('', ' 08:30', 'T12:00:00'))
      .map(([{ y, m, d }, f, time]) => {
        const date = [
          `${y}-${pad(m)}-${pad(d)}`,
          `${y}/${pad(m)}/${pad(d)}`,
          `${y}${pad(m)}${pad(d)}`,
          `${y}年${pad(m)}月${pad(d)}日`,
          `${y}.${pad(m)}.${pad(d)}`,
        ][f];
        return f === 2 || f === 3 ? date : date + time;
      });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(formatted, fc.option(fc.constantFrom('p1', 'p2', 'p3', '张三'))), {
          minLength: 1,
          maxLength: 15,
        }),
        (pairs) => {
          const values: Cell[] = pairs.map(([v]) => v);
          const subjects: Cell[] = pairs.map(([, s]) => s);
          const t = transform('date_shift', { subject: 'pid' }, 'birth');
          const enc = t.apply(values, subjects);
          expect(t.invert?.(enc, subjects)).toEqual(values);
          const k = transform('keep', {});
          expect(k.invert?.(k.apply(values))).toEqual(values);
        },
      ),
      fcOptions(40),
    );
  });

  it('date_shift of a column of unpadded (2039/3/2) or padded dates comes back byte for byte, also through the manifest', () => {
    // A shifted 2038/12/11 does not say whether it came from 2039/3/2 or 2039/03/02: the
    // forward run records the column's style (`applied().padding`, kept in the manifest), and a
    // fresh transform given it (as reidentify is) writes such cells in that style.
    const cell = (sep: string, unpadded: boolean) => (d: { y: number; m: number; d: number }) => {
      const m = unpadded ? String(d.m) : pad(d.m);
      const dd = unpadded ? String(d.d) : pad(d.d);
      return sep === '年' ? `${d.y}年${m}月${dd}日` : `${d.y}${sep}${m}${sep}${dd}`;
    };
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(dateArb, fc.constantFrom('/', '-', '.', '年'), fc.constantFrom('p1', 'p2', 'p3')), {
          minLength: 1,
          maxLength: 20,
        }),
        (unpadded, rows) => {
          const values: Cell[] = rows.map(([d, sep]) => cell(sep, unpadded)(d));
          const subjects: Cell[] = rows.map(([, , s]) => s);
          const t = transform('date_shift', { subject: 'pid' }, 'birth');
          const enc = t.apply(values, subjects);
          expect(t.invert?.(enc, subjects)).toEqual(values);
          const applied = t.applied?.() ?? {};
          const fresh = transform('date_shift', { subject: 'pid', ...applied }, 'birth');
          expect(fresh.invert?.(enc, subjects)).toEqual(values);
          expect(t.caveat?.()).toBeUndefined();
        },
      ),
      fcOptions(60),
    );
  });

  it('date_shift of a column mixing padded and unpadded dates gives back the same dates, with a caveat', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.constantFrom('p1', 'p2', 'p3'), (a, b, subject) => {
        const values: Cell[] = [`${a.y}/${a.m}/${a.d}`, `${b.y}/${pad(b.m)}/${pad(b.d)}`];
        const t = transform('date_shift', { subject: 'pid' }, 'birth');
        const enc = t.apply(values, [subject, subject]);
        const fresh = transform('date_shift', { subject: 'pid', ...(t.applied?.() ?? {}) }, 'birth');
        const back = fresh.invert?.(enc, [subject, subject]) ?? [];
        const digitsOf = (s: string) => (s.match(/\d+/g) ?? []).map(Number);
        expect(digitsOf(back[0] as string)).toEqual([a.y, a.m, a.d]);
        expect(back[1]).toBe(values[1]);
        const styled = (a.m < 10 || a.d < 10) && (b.m < 10 || b.d < 10);
        if (styled) expect(t.caveat?.()).toMatch(/mix zero-padded and unpadded/);
        else expect(t.caveat?.()).toBeUndefined();
      }),
      fcOptions(40),
    );
  });
});

/**
 * Random surrounding text from a separator-bounded generator: pieces of Chinese and Latin
 * words without digits, joined by separators, so a planted identifier is never glued to
 * other digits or letters that would make it a different token.
 */
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过';
const wordArb = fc
  .oneof(
    fc.array(fc.constantFrom(...HAN), { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
    fc
      .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { minLength: 1, maxLength: 8 })
      .map((a) => a.join('')),
  )
  // Words that say a number is not PI ("ref", "order", 订单 …) lower its score on purpose: the
  // surrounding text of a planted identifier holds none (a deep run planted a card after "gref").
  .filter((w) => !NUMERIC_NEGATIVE.some((n) => w.includes(n)));
const SEPARATORS = [' ', '，', '。', '：', '；', '、', '\t', ' | '];
const textOf = (minLength: number) =>
  fc
    .array(fc.tuple(wordArb, fc.constantFrom(...SEPARATORS)), { minLength, maxLength: 12 })
    .map((parts) => parts.map(([w, s]) => w + s).join(''));
const textArb = textOf(0);
/**
 * Text after a planted identifier may be empty, so two identifiers can stand side by side after
 * one separator ("18910433693 310104196801088913"): each must still be found (issue 19).
 */
const tailArb = textOf(0);

/** Cards as the detector reads them (ISO/IEC 7812 payment cards: 16–19 digits). */
const cardArb = bankCardArb.filter((v) => v.length >= 16);

const planted = fc.oneof(
  residentIdArb.map((v) => ({ type: 'CN_RESIDENT_ID', v })),
  mobileArb.map((v) => ({ type: 'CN_MOBILE', v })),
  cardArb.map((v) => ({ type: 'BANK_CARD', v })),
  fc
    .tuple(
      fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), { minLength: 2, maxLength: 10 }),
      fc.constantFrom('qq.com', '163.com', 'example.cn', 'mail.example.org'),
    )
    .map(([u, d]) => ({ type: 'EMAIL', v: `${u.join('')}@${d}` })),
);

describe('detectors on random text (property)', () => {
  it(
    'spans stay inside the text, findings of one type never overlap, every planted identifier is found',
    () => {
      fc.assert(
        fc.property(
          textArb,
          fc.array(fc.tuple(planted, fc.constantFrom(...SEPARATORS), tailArb), {
            minLength: 1,
            maxLength: 3,
          }),
          (head, plants) => {
            let text = head;
            const spans: { type: string; start: number; end: number }[] = [];
            for (const [p, sep, tail] of plants) {
              if (text !== '' && !SEPARATORS.some((s) => text.endsWith(s))) text += sep;
              spans.push({ type: p.type, start: text.length, end: text.length + p.v.length });
              text += `${p.v}${sep}${tail}`;
            }
            const found = detectText(text, { model: false });
            for (const f of found) {
              expect(f.start).toBeGreaterThanOrEqual(0);
              expect(f.end).toBeLessThanOrEqual(text.length);
              expect(f.start).toBeLessThan(f.end);
            }
            const byType = new Map<string, { start: number; end: number }[]>();
            for (const f of found) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
            for (const list of byType.values()) {
              list.sort((a, b) => a.start - b.start);
              for (let i = 1; i < list.length; i++)
                expect(list[i].start).toBeGreaterThanOrEqual(list[i - 1].end);
            }
            for (const s of spans)
              expect(found).toContainEqual(
                expect.objectContaining({ type: s.type, start: s.start, end: s.end }),
              );
          },
        ),
        fcOptions(60),
      );
    },
    timeout(30_000),
  );

  it('identifiers side by side after one space or dash are each found (110101… 310104…)', () => {
    const numeric = fc.oneof(
      residentIdArb.map((v) => ({ type: 'CN_RESIDENT_ID', v })),
      mobileArb.map((v) => ({ type: 'CN_MOBILE', v })),
      cardArb.map((v) => ({ type: 'BANK_CARD', v })),
    );
    fc.assert(
      fc.property(
        textArb,
        fc.array(numeric, { minLength: 2, maxLength: 4 }),
        fc.constantFrom(' ', '-'),
        textArb,
        (head, ids, sep, tail) => {
          const lead = head === '' || head.endsWith(' ') ? head : `${head} `;
          const text = `${lead}${ids.map((p) => p.v).join(sep)} ${tail}`;
          const found = detectText(text, { model: false });
          let at = lead.length;
          for (const p of ids) {
            expect(found).toContainEqual(
              expect.objectContaining({ type: p.type, start: at, end: at + p.v.length }),
            );
            at += p.v.length + sep.length;
          }
        },
      ),
      fcOptions(60),
    );
  });

  it('a grouped number is still one number: no identifier is read out of its digit groups', () => {
    // "6222 0212 3456 7890 123" or an ID grouped 6-8-4 followed by another group: the groups
    // beside a grouped match may continue it, so no fragment is reported as an identifier.
    fc.assert(
      fc.property(residentIdArb, digits(2, 4), fc.constantFrom(' ', '-'), (id, extra, sep) => {
        const grouped = `${id.slice(0, 6)}${sep}${id.slice(6, 14)}${sep}${id.slice(14)}`;
        const found = detectText(`证件 ${grouped}${sep}${extra} 完`, { model: false });
        expect(found.filter((f) => f.type === 'CN_RESIDENT_ID')).toEqual([]);
      }),
      fcOptions(30),
    );
  });

  it('the same holds with the sequence model on (names and addresses)', () => {
    fc.assert(
      fc.property(textArb, residentIdArb, textArb, (a, id, b) => {
        const text = `${a} ${id} ${b}`;
        const found = detectText(text);
        for (const f of found) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(text.length);
        }
        expect(found).toContainEqual(
          expect.objectContaining({ type: 'CN_RESIDENT_ID', start: a.length + 1, end: a.length + 19 }),
        );
      }),
      fcOptions(15),
    );
  });
});
