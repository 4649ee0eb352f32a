import { neutraliseFormula } from './csv-safety';

describe('neutraliseFormula', () => {
  it.each(['=SUM(A1:A2)', '+1+2', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://evil.example")'])('prefixes %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['Acme', '', 'a=b', ' =not at start', "'already quoted"])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});
