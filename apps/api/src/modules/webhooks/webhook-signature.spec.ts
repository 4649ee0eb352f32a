import { signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const at = new Date('2026-11-26T10:00:00Z');
  const body = '{"version":3}';

  it('signs "<t>.<body>" with HMAC-SHA256 and verifies it', () => {
    const header = signatureHeader('s3cret', body, at);
    expect(header).toMatch(/^t=1795687200,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', body, header, 300, at)).toBe(true);
  });

  it('refuses another secret, another body, an old timestamp or a malformed header', () => {
    const header = signatureHeader('s3cret', body, at);
    expect(verifySignature('other', body, header, 300, at)).toBe(false);
    expect(verifySignature('s3cret', '{"version":4}', header, 300, at)).toBe(false);
    expect(verifySignature('s3cret', body, header, 300, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature('s3cret', body, 'v1=abc', 300, at)).toBe(false);
    expect(verifySignature('s3cret', body, undefined, 300, at)).toBe(false);
  });
});
