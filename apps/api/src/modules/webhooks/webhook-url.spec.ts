import { isPrivateAddress, isPrivateTarget } from './webhook-url';

describe('isPrivateTarget', () => {
  it.each(['http://localhost:3000/x', 'http://127.0.0.1/', 'https://10.1.2.3/', 'http://172.20.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://db.internal/', 'http://printer.local/', 'http://[fd00::1]/', 'http://postgres:5432/', 'http://api-2:8080/x', 'http://[::ffff:10.0.0.1]/'])(
    'treats %s as private',
    (url) => expect(isPrivateTarget(url)).toBe(true),
  );
  it.each(['https://hooks.example.com/x', 'http://8.8.8.8/', 'http://172.32.0.1/', 'https://[2001:db8::1]/'])('treats %s as public', (url) => expect(isPrivateTarget(url)).toBe(false));
});

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.0.0.5', '192.168.0.1', '::1', '::ffff:127.0.0.1', 'fe80::1'])('treats %s as private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['93.184.216.34', '2606:2800:220:1::1'])('treats %s as public', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});
