import { EXAMPLE_STATUSES, errorExample } from './error-examples';
import { apiGuides, fillFacts } from './guides';

describe('API guides', () => {
  it('fill every placeholder with the server default it names', () => {
    const text = apiGuides();
    expect(text).not.toMatch(/\{\{/);
    expect(text).toContain('| requests | 600 per minute |');
    expect(text).toContain('waiting 2, 4, 8, 16 and 32 seconds');
    for (const heading of ['Authentication and scopes', 'Pagination', 'Filtering and sorting rows', 'Errors', 'Rate limits', 'Webhooks']) {
      expect(text).toContain(`## ${heading}`);
    }
  });

  it('refuse a placeholder without a value, so a typo fails the build instead of reaching readers', () => {
    expect(() => fillFacts('{{NO_SUCH_FACT}}', {})).toThrow('NO_SUCH_FACT');
    expect(fillFacts('a {{X}} b', { X: 3 })).toBe('a 3 b');
  });

  it('name a filter example for every column type', () => {
    const text = apiGuides();
    for (const type of [
      'text',
      'longText',
      'email',
      'url',
      'number',
      'currency',
      'percent',
      'date',
      'checkbox',
      'select',
      'multiSelect',
      'user',
      'formula',
      'rollup',
      'link',
      'lookup',
    ]) {
      expect(text).toContain(`\`${type}\``);
    }
  });
});

describe('error examples', () => {
  it('exist for every status an error code maps to, each with its own status and name', () => {
    for (const status of EXAMPLE_STATUSES) expect(errorExample(status)).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(() => errorExample(418)).toThrow('418');
  });
});
