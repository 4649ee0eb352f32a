import { BadRequestException, HttpException, InternalServerErrorException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ErrorCode } from '@contrivance/contracts';
import { DomainError } from './domain-error';
import { toErrorBody } from './error-body';

describe('toErrorBody', () => {
  it('maps each domain error code to its status and keeps the details', () => {
    const details = [{ field: 'name', message: 'name must be a string' }];
    expect(toErrorBody(new DomainError(ErrorCode.ValidationFailed, 'Validation failed', details))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      details,
    });
    expect(toErrorBody(DomainError.notFound('Spreadsheet'))).toEqual({ statusCode: 404, error: 'Not Found', message: 'Spreadsheet not found' });
    expect(toErrorBody(new DomainError(ErrorCode.Conflict, 'Stale row'))?.statusCode).toBe(409);
    expect(toErrorBody(new DomainError(ErrorCode.RateLimited, 'Slow down'))?.statusCode).toBe(429);
  });

  it('keeps the message of Nest HTTP exceptions, joining array messages', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /x' });
    expect(toErrorBody(new BadRequestException(['a is bad', 'b is bad']))?.message).toBe('a is bad; b is bad');
    expect(toErrorBody(new HttpException('Too many', 429))).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Too many' });
  });

  it('treats 5xx HTTP exceptions other than 503 as unexpected faults', () => {
    expect(toErrorBody(new InternalServerErrorException('db password is hunter2'))).toBeUndefined();
    expect(toErrorBody(new ServiceUnavailableException('Database is down'))?.statusCode).toBe(503);
  });

  it('maps a lost database connection to 503 without its message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    expect(toErrorBody(refused)).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Service temporarily unavailable, please retry' });
    const adminShutdown = { name: 'QueryFailedError', message: 'terminating connection', driverError: { code: '57P01' } };
    expect(toErrorBody(adminShutdown)?.statusCode).toBe(503);
    expect(toErrorBody(new Error('Connection terminated unexpectedly'))?.statusCode).toBe(503);
    // TypeORM's query runner whose connection dropped mid-transaction (seen in the database-outage e2e).
    const released = Object.assign(new Error('Database connection provided by a query runner was already released'), { name: 'QueryRunnerProviderAlreadyReleasedError' });
    expect(toErrorBody(released)?.statusCode).toBe(503);
  });

  it('uses the status of body-parser errors but only exposes messages marked safe', () => {
    expect(toErrorBody({ status: 413, type: 'entity.too.large', expose: true, message: 'request entity too large' })).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
    expect(toErrorBody({ status: 415, expose: true, message: 'unsupported charset "UTF-7"' })?.message).toBe('unsupported charset "UTF-7"');
    expect(toErrorBody({ status: 400, expose: false, message: '/srv/app/internal.ts exploded' })?.message).toBe('Bad Request');
  });

  it('leaves anything else to the generic 500', () => {
    expect(toErrorBody(new Error('SELECT * FROM users'))).toBeUndefined();
    expect(toErrorBody({ status: 500, message: 'boom' })).toBeUndefined();
    expect(toErrorBody('a string')).toBeUndefined();
    expect(toErrorBody(null)).toBeUndefined();
  });
});
