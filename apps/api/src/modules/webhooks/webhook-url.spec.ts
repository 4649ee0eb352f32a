import { isPrivateTarget } from './webhook-url';

describe('isPrivateTarget', () => {
  it.each(['http://localhost:3000/x', 'http://127.0.0.1/', 'https://10.1.2.3/', 'http://172.20.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://db.internal/', 'http://printer.local/', 'http://[fd00::1]/'])(
    'treats %s as private',
    (url) => expect(isPrivateTarget(url)).toBe(true),
  );
  it.each(['https://hooks.example.com/x', 'http://8.8.8.8/', 'http://172.32.0.1/', 'https://[2001:db8::1]/'])('treats %s as public', (url) => expect(isPrivateTarget(url)).toBe(false));
});
