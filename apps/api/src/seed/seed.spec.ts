import { appAddress, describeDatabase } from './seed';

describe('the seed’s closing lines', () => {
  it('name the database it wrote to, without the password', () => {
    expect(describeDatabase({ url: 'postgres://app:s3cret@db.internal:6543/sales', dataDir: '.data/pg' })).toBe('the database sales on db.internal:6543');
    expect(describeDatabase({ dataDir: '/home/me/contrivance/.data/postgres' })).toBe('the embedded database in /home/me/contrivance/.data/postgres');
    expect(describeDatabase({ url: 'postgres://app:s3cret@db.internal:6543/sales', dataDir: 'x' })).not.toContain('s3cret');
  });

  it('give the address npm start serves with the same settings', () => {
    expect(appAddress({})).toBe('http://localhost:8080');
    expect(appAddress({ PORT: '3000', HOST: '0.0.0.0' })).toBe('http://localhost:3000');
    expect(appAddress({ PORT: '9000', HOST: 'crm.example.test' })).toBe('http://crm.example.test:9000');
  });
});
