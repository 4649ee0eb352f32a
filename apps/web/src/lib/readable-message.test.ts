import { describe, expect, it } from 'vitest';
import { readableMessage } from './readable-message';

describe('readableMessage', () => {
  it('puts the form’s label in place of the field name the API uses', () => {
    expect(readableMessage('displayName must be 1 to 100 characters')).toBe('Name must be 1 to 100 characters');
    expect(readableMessage('name must be 1 to 200 characters')).toBe('Name must be 1 to 200 characters');
    expect(readableMessage('newPassword must be at least 10 characters')).toBe('New password must be at least 10 characters');
    expect(readableMessage('option label must be 1 to 100 characters')).toBe('Each option’s label must be 1 to 100 characters');
  });

  it('leaves sentences, column names and partial matches alone', () => {
    expect(readableMessage('Incorrect email or password')).toBe('Incorrect email or password');
    expect(readableMessage('Value must be a number')).toBe('Value must be a number');
    expect(readableMessage('names must be unique')).toBe('names must be unique');
    expect(readableMessage('email')).toBe('email');
  });
});
