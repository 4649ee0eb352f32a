import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { createValidationPipe } from './validation.pipe';

class Address {
  @IsEmail()
  email: string;
}

class Payload {
  @IsInt()
  @Min(1)
  limit: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => Address)
  contact?: Address;
}

const pipe = createValidationPipe();
const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Payload });

describe('createValidationPipe', () => {
  it('returns an instance of the DTO for a valid payload', async () => {
    const result = await run({ limit: 5, contact: { email: 'a@b.co' } });
    expect(result).toBeInstanceOf(Payload);
    expect(result.contact).toBeInstanceOf(Address);
  });

  it('throws a validation_failed domain error listing every field, nested ones dotted', async () => {
    const error = await run({ limit: 0, contact: { email: 'nope' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      details: [
        { field: 'limit', message: 'limit must not be less than 1' },
        { field: 'contact.email', message: 'email must be an email' },
      ],
    });
    expect((error as DomainError).message).toBe('Validation failed: limit must not be less than 1; email must be an email');
  });

  it('refuses unknown properties instead of stripping them', async () => {
    await expect(run({ limit: 1, role: 'admin' })).rejects.toMatchObject({
      details: [{ field: 'role', message: 'property role should not exist' }],
    });
  });
});
