import { InvalidEnvironmentError, validateEnvironment } from './environment';

const SECRET = 's'.repeat(32);

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    validateEnvironment(source);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateEnvironment', () => {
  it('applies documented defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8080,
      HOST: '0.0.0.0',
      DATA_DIR: '.data',
      EMBEDDED_PG_PORT: 54329,
      MIGRATIONS_RUN: true,
      BODY_LIMIT: '1mb',
      LOG_LEVEL: 'info',
      TRUST_PROXY: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and booleans from their string form', () => {
    const env = validateEnvironment({ PORT: '3000', MIGRATIONS_RUN: 'false', TRUST_PROXY: 'yes' });
    expect(env.PORT).toBe(3000);
    expect(env.MIGRATIONS_RUN).toBe(false);
    expect(env.TRUST_PROXY).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(validateEnvironment({ DATABASE_URL: '', PORT: '' }).PORT).toBe(8080);
  });

  it.each([
    ['PORT', 'http', 'PORT must be an integer'],
    ['PORT', '70000', 'PORT must not be greater than 65535'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be one of'],
    ['MIGRATIONS_RUN', 'maybe', 'MIGRATIONS_RUN must be a boolean'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must be a postgres://'],
    ['CORS_ORIGINS', 'example.com', 'CORS_ORIGINS must be *'],
    ['BODY_LIMIT', 'huge', 'BODY_LIMIT must look like'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
  ])('names %s when it is %j', (name, value, expected) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });

  it('never echoes the value of a secret or a connection string', () => {
    const problems = problemsOf({ JWT_SECRET: 'tooshort', DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(problems.join('\n')).not.toMatch(/tooshort|hunter2/);
    expect(problems.join('\n')).toContain('JWT_SECRET must be at least 32 characters');
  });

  it('requires both secrets in production and accepts them when given', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET is required when NODE_ENV=production', 'TOKEN_HASH_SECRET is required when NODE_ENV=production']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: SECRET, TOKEN_HASH_SECRET: SECRET })).toEqual([]);
  });

  it('accepts a list of CORS origins or a wildcard', () => {
    expect(problemsOf({ CORS_ORIGINS: 'https://a.example, http://localhost:3000' })).toEqual([]);
    expect(problemsOf({ CORS_ORIGINS: '*' })).toEqual([]);
  });
});
