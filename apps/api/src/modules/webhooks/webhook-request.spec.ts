import { lookup as systemLookup } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { PrivateAddressError } from './webhook-resolver';
import { postOnce, RequestTimeoutError } from './webhook-request';

describe('postOnce', () => {
  let server: Server;
  let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  let port: number;

  beforeEach(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => handle(req, res, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const lookup: LookupFunction = (hostname, options, callback) => systemLookup(hostname, options, callback);

  it('POSTs the body with the headers and answers the status, reading the whole answer', async () => {
    let seen: { method?: string; host?: string; type?: string; body: string } | undefined;
    handle = (req, res, body) => {
      seen = { method: req.method, host: req.headers.host, type: req.headers['content-type'], body };
      res.writeHead(201).end('x'.repeat(100_000));
    };
    await expect(postOnce(`http://127.0.0.1:${port}/hook`, { 'Content-Type': 'application/json' }, '{"a":1}', { lookup, timeoutMs: 2000 })).resolves.toBe(201);
    expect(seen).toEqual({ method: 'POST', host: `127.0.0.1:${port}`, type: 'application/json', body: '{"a":1}' });
  });

  it('does not follow redirects', async () => {
    let hits = 0;
    handle = (_req, res) => {
      hits += 1;
      res.writeHead(307, { Location: `http://127.0.0.1:${port}/elsewhere` }).end();
    };
    await expect(postOnce(`http://127.0.0.1:${port}/hook`, {}, '{}', { lookup, timeoutMs: 2000 })).resolves.toBe(307);
    expect(hits).toBe(1);
  });

  it('gives up when no answer comes within the timeout', async () => {
    handle = () => undefined;
    await expect(postOnce(`http://127.0.0.1:${port}/hook`, {}, '{}', { lookup, timeoutMs: 200 })).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('keeps the status once it has arrived, even if the body is cut short', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' }).write('partial');
      setTimeout(() => res.socket?.destroy(), 50);
    };
    await expect(postOnce(`http://127.0.0.1:${port}/hook`, {}, '{}', { lookup, timeoutMs: 2000 })).resolves.toBe(200);
  });

  it('connects through the lookup, and fails with its error without connecting', async () => {
    let hits = 0;
    handle = (_req, res) => {
      hits += 1;
      res.writeHead(200).end();
    };
    const viaLoopback: LookupFunction = (_hostname, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
    await expect(postOnce(`http://hooks.example.com:${port}/hook`, {}, '{}', { lookup: viaLoopback, timeoutMs: 2000 })).resolves.toBe(200);
    const refusing: LookupFunction = (hostname, _options, callback) => callback(new PrivateAddressError(hostname, '127.0.0.1'), '');
    await expect(postOnce(`http://hooks.example.com:${port}/hook`, {}, '{}', { lookup: refusing, timeoutMs: 2000 })).rejects.toBeInstanceOf(PrivateAddressError);
    expect(hits).toBe(1);
  });

  it('fails with the connection error when nothing listens', async () => {
    await new Promise((resolve) => server.close(resolve));
    await expect(postOnce(`http://127.0.0.1:${port}/hook`, {}, '{}', { lookup, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
