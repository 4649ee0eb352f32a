import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from './webhook-url';

/** Every address a webhook's hostname resolves to, as `dns.lookup(hostname, { all: true })` answers. */
export type WebhookResolver = (hostname: string) => Promise<LookupAddress[]>;

/**
 * Injection token of the dispatcher's resolver. The app provides none and the system resolver is used; e2e specs
 * provide one from a global module to play DNS (e.g. answer differently on each call).
 */
export const WEBHOOK_RESOLVER = Symbol('WebhookResolver');

export const systemResolver: WebhookResolver = (hostname) => lookup(hostname, { all: true });

/** A delivery stopped before connecting: the hostname resolved to a private, local or other special-purpose address. */
export class PrivateAddressError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to a private or local address (${address})`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * A `dns.lookup` for `http.request`: resolves the hostname once and hands the socket only addresses it has checked,
 * so a second, different DNS answer (rebinding) is never the one connected to. Unless private targets are allowed,
 * one special-purpose address in the answer refuses the whole answer. Node asks for every address when it races
 * IPv6 against IPv4 (autoSelectFamily) and for one otherwise; either way they come from the same checked answer.
 */
export function checkedLookup(resolve: WebhookResolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
        if (refused) return callback(new PrivateAddressError(hostname, refused.address), '');
        if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
