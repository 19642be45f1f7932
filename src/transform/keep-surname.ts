import { z } from 'zod';
import { splitChineseName } from '../china/surnames.js';
import { isChineseName } from './kinds.js';
import { defineOperator, invalidValue, mapValues, newStats, onInvalidSchema } from './operator.js';

/**
 * Keep a Chinese name's surname and mask the whole given name: 张三丰 → 张**, 欧阳娜娜 → 欧阳**
 * (compound surnames, 复姓, kept whole). Unlike `mask` with kind `name` (张*丰, as banks display
 * names), no given-name character survives: the surname alone is shared by millions (王 ≈ 7 %
 * of the population), while a given-name character narrows a name a great deal. `fixedLength`
 * writes that many mask characters whatever the name's length, so the length of the given name
 * (one or two characters, a strong hint within a surname) is hidden too.
 *
 * A value that is not a Chinese name (2–6 CJK characters; a transliterated name with ·, Latin
 * text) has no surname to keep: it goes to `onInvalid` (error by default, or redact/suppress),
 * never through unchanged.
 */
const keepSurnameParamsSchema = z.strictObject({
  maskChar: z.string().length(1).default('*'),
  /** Mask characters written after the surname; default one per given-name character. */
  fixedLength: z.number().int().min(1).max(8).optional(),
  /** A value that is not a Chinese name: `error` (default), `redact` (empty) or `suppress` (`*`). */
  onInvalid: onInvalidSchema,
});
export type KeepSurnameParams = z.input<typeof keepSurnameParamsSchema>;

export const keepSurname = defineOperator({
  name: 'keep_surname',
  summary: 'keep a Chinese name’s surname, mask the whole given name (张三丰 → 张**, 欧阳娜娜 → 欧阳**)',
  accepts: ['name'],
  reversible: false,
  needsKey: () => false,
  oneWayNote: 'the given name is gone',
  paramsSchema: keepSurnameParamsSchema,
  create(params: KeepSurnameParams, ctx) {
    const p = keepSurnameParamsSchema.parse(params);
    const stats = newStats();
    return {
      stats,
      apply: (values) =>
        mapValues(values, stats, (v, i) => {
          const parts = isChineseName(v) && !v.includes('·') ? splitChineseName(v) : undefined;
          if (!parts)
            return invalidValue(
              p.onInvalid,
              stats,
              ctx.column,
              i,
              'keep_surname needs a Chinese name and this cell is not one',
            );
          return parts.surname + p.maskChar.repeat(p.fixedLength ?? Array.from(parts.given).length);
        }),
    };
  },
});
