import { neutraliseFormula, restoreNeutralised } from './csv-safety';

describe('neutraliseFormula', () => {
  it.each(['=SUM(A1:A2)', '+1+2', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://evil.example")', "'=already quoted", "''-5"])('prefixes %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['Acme', '', 'a=b', ' =not at start', "'quoted, no formula", "it's"])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('restoreNeutralised', () => {
  it.each(['=SUM(A1:A2)', '-5', "'=quoted by its author", "''@twice", "'plain quote", 'Zoë “quoted” \n line', ''])('gives back %j after an export neutralised it', (text) => {
    expect(restoreNeutralised(neutraliseFormula(text))).toBe(text);
  });

  it('leaves a quote that is not before a formula character alone', () => {
    expect(restoreNeutralised("'plain")).toBe("'plain");
  });
});
