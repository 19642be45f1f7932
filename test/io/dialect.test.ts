import { describe, expect, it } from 'vitest';
import { parseRows, parseWithCsvParse, sniffDialect } from '../../src/io/dialect.js';

describe('sniffing rows without csv-parse', () => {
  // Quote-free samples: the direct split must give exactly csv-parse's rows.
  const samples = [
    'a,b,c\n1,2,3\n4,5,6\n',
    'a;b;c\r\n1;2;3\r\n\r\n4;5;6',
    '\uFEFFname\tage\n张三\t30\n李四\t\n\n',
    'x|y\n1|2|3\n|\n  \n4|5\n',
    'single\ncolumn\n',
    'a,b\n1,2',
    'a;b\r\n1;2\r\n3;4\r',
    'a;b\n1;2\r',
  ];
  for (const text of samples) {
    for (const d of [',', ';', '\t', '|']) {
      it(`${JSON.stringify(text.slice(0, 12))} with ${JSON.stringify(d)}`, () => {
        expect(parseRows(text, d)).toEqual(parseWithCsvParse(text, d));
      });
    }
  }

  it('quoted text and bare carriage returns still go through csv-parse', () => {
    expect(parseRows('a,b\n"1,5",2\n', ',')).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
    expect(parseRows('a,b\r1,2\r', ',')).toEqual(parseWithCsvParse('a,b\r1,2\r', ','));
  });

  it('the sniffed dialect of a quote-free file', () => {
    expect(sniffDialect('sex;age;race\nMale;39;White\nFemale;50;Black\n')).toEqual({
      delimiter: ';',
      header: true,
      columns: ['sex', 'age', 'race'],
    });
  });
});
