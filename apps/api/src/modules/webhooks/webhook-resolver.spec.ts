import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { checkedLookup, PrivateAddressError, type WebhookResolver } from './webhook-resolver';

const answering =
  (...addresses: string[]): WebhookResolver =>
  async () =>
    addresses.map((address) => ({ address, family: isIP(address) }));

/** Calls a lookup the way net.connect does and collects what it answers. */
function lookUp(lookup: LookupFunction, options: LookupOptions = {}): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve, reject) => lookup('hooks.example.com', options, (error, address, family) => (error ? reject(error) : resolve({ address, family }))));
}

describe('checkedLookup', () => {
  it('refuses the whole answer when any address in it is private', async () => {
    for (const resolver of [answering('127.0.0.1'), answering('93.184.216.34', '127.0.0.1'), answering('2606:4700::1111', '::ffff:7f00:1'), answering('64:ff9b::a00:1')]) {
      await expect(lookUp(checkedLookup(resolver, false))).rejects.toBeInstanceOf(PrivateAddressError);
      await expect(lookUp(checkedLookup(resolver, false), { all: true })).rejects.toBeInstanceOf(PrivateAddressError);
    }
  });

  it('hands over the addresses it checked, in the shape asked for', async () => {
    const lookup = checkedLookup(answering('2606:4700::1111', '93.184.216.34'), false);
    await expect(lookUp(lookup)).resolves.toEqual({ address: '2606:4700::1111', family: 6 });
    await expect(lookUp(lookup, { all: true })).resolves.toEqual({
      address: [
        { address: '2606:4700::1111', family: 6 },
        { address: '93.184.216.34', family: 4 },
      ],
    });
  });

  it('resolves once per connection, so a changed answer is never connected to unchecked', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    let calls = 0;
    const lookup = checkedLookup(async () => answers[calls++].map((address) => ({ address, family: 4 })), false);
    await expect(lookUp(lookup)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(lookUp(lookup)).rejects.toBeInstanceOf(PrivateAddressError);
    expect(calls).toBe(2);
  });

  it('passes resolver errors and empty answers on as errors', async () => {
    const failing: WebhookResolver = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' }));
    await expect(lookUp(checkedLookup(failing, false))).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(lookUp(checkedLookup(answering(), false))).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('checks nothing when private targets are allowed', async () => {
    await expect(lookUp(checkedLookup(answering('127.0.0.1'), true))).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });
});
