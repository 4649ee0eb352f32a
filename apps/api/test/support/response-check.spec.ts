import { checkResponses, formatReport, type RecordedResponse } from './response-check.cjs';

const errorBody = { $ref: '#/components/schemas/ErrorBody' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** A small document in the shape buildOpenApiDocument produces: components, refs, nullable, a CSV and a 204. */
const document = {
  openapi: '3.0.0',
  paths: {
    '/api/users/me': { get: { responses: { '200': json({ $ref: '#/components/schemas/User' }) } } },
    '/api/users/{id}': {
      get: { responses: { '200': json({ $ref: '#/components/schemas/User' }), '404': json(errorBody) } },
      delete: { responses: { '204': { description: 'gone' } } },
    },
    '/api/tokens': { post: { responses: { '201': json({ $ref: '#/components/schemas/CreatedToken' }) } } },
    '/api/things/{id}/export.csv': {
      get: {
        responses: {
          '200': { description: 'csv', content: { 'text/csv': { schema: { type: 'string' } } } },
          '429': { ...json(errorBody), headers: { 'Retry-After': { required: true, schema: { type: 'integer', minimum: 1 } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      ErrorBody: {
        type: 'object',
        required: ['statusCode', 'error', 'message'],
        properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
      },
      User: {
        type: 'object',
        required: ['id', 'role', 'lastLoginAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          role: { type: 'string', enum: ['admin', 'member'] },
          lastLoginAt: { type: 'string', format: 'date-time', nullable: true },
          preferences: { type: 'object' },
        },
      },
      ApiToken: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, scopes: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } },
      },
      CreatedToken: { allOf: [{ $ref: '#/components/schemas/ApiToken' }, { type: 'object', required: ['token'], properties: { token: { type: 'string' } } }] },
    },
  },
};

const ID = '6f1c1d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
const user = { id: ID, role: 'member', lastLoginAt: null };

function response(method: string, url: string, status: number, body?: unknown, extra: Partial<RecordedResponse> = {}): RecordedResponse {
  const text = body === undefined ? null : JSON.stringify(body);
  return {
    spec: 'test/example.e2e-spec.ts',
    source: 'in-process app',
    method,
    url,
    status,
    contentType: text === null ? null : 'application/json; charset=utf-8',
    headers: {},
    bytes: text === null ? 0 : Buffer.byteLength(text),
    truncated: false,
    body: text,
    ...extra,
  };
}

const problemsOf = (...responses: RecordedResponse[]) =>
  checkResponses(document, responses).mismatches.map((m) => `${m.operation} ${m.status} ${m.pointer === null ? '' : `#${m.pointer}`} ${m.problem}`);

describe('the OpenAPI response check', () => {
  it('accepts responses the document describes, null where a property is nullable included', () => {
    const result = checkResponses(document, [
      response('GET', '/api/users/me', 200, user),
      response('GET', `/api/users/${ID}?x=1`, 200, { ...user, lastLoginAt: '2026-11-27T01:02:03.000Z' }),
      response('DELETE', `/api/users/${ID}`, 204),
      response('GET', `/api/things/${ID}/export.csv`, 200, undefined, { contentType: 'text/csv; charset=utf-8', bytes: 20 }),
    ]);
    expect(result.mismatches).toEqual([]);
    expect(result.checked).toBe(4);
    expect(result.notExercised).toEqual(['POST /api/tokens']);
  });

  it('matches a literal path segment before a template parameter', () => {
    const result = checkResponses(document, [response('GET', '/api/users/me', 200, user)]);
    expect([...result.exercised]).toEqual(['GET /api/users/me']);
    expect(result.notExercised).toEqual(expect.arrayContaining([`GET /api/users/{id}`, `DELETE /api/users/{id}`]));
  });

  it('reports an undocumented status', () => {
    expect(problemsOf(response('GET', `/api/users/${ID}`, 409, { statusCode: 409, error: 'Conflict', message: 'x' }))).toEqual([
      'GET /api/users/{id} 409  status 409 is not documented (documented: 200, 404)',
    ]);
  });

  it('reports a body that breaks the schema, with the JSON pointer of each error', () => {
    expect(problemsOf(response('GET', `/api/users/${ID}`, 200, { id: 'not-a-uuid', role: 'owner', lastLoginAt: 5 }))).toEqual([
      'GET /api/users/{id} 200 #/id must match format "uuid" {"format":"uuid"}',
      'GET /api/users/{id} 200 #/role must be equal to one of the allowed values {"allowedValues":["admin","member"]}',
      'GET /api/users/{id} 200 #/lastLoginAt must be string,null {"type":["string","null"]}',
    ]);
  });

  it('reports properties the schema does not declare, through refs, arrays and allOf, but not inside free-form objects', () => {
    expect(problemsOf(response('GET', '/api/users/me', 200, { ...user, preferences: { anything: 1 }, passwordHash: 'x' }))).toEqual([
      'GET /api/users/me 200 #/passwordHash a property the schema does not declare',
    ]);
    expect(problemsOf(response('POST', '/api/tokens', 201, { id: 'a', token: 'secret', scopes: [{ name: 'read' }, { name: 'write', level: 2 }] }))).toEqual([
      'POST /api/tokens 201 #/scopes/1/level a property the schema does not declare',
    ]);
  });

  it('reports a media type the operation does not document (a CSV export error sent as CSV)', () => {
    const csvError = response('GET', `/api/things/${ID}/export.csv`, 429, undefined, { contentType: 'text/csv', bytes: 5, headers: { 'retry-after': '3' } });
    expect(problemsOf(csvError)).toEqual(['GET /api/things/{id}/export.csv 429  media type text/csv is not documented (documented: application/json)']);
  });

  it('reports a missing required header and a header value outside its schema', () => {
    const body = { statusCode: 429, error: 'Too Many Requests', message: 'slow down' };
    expect(problemsOf(response('GET', `/api/things/${ID}/export.csv`, 429, body))).toEqual(['GET /api/things/{id}/export.csv 429  required header Retry-After is missing']);
    expect(problemsOf(response('GET', `/api/things/${ID}/export.csv`, 429, body, { headers: { 'retry-after': '0' } }))).toEqual([
      'GET /api/things/{id}/export.csv 429  header Retry-After: must be >= 1 {"comparison":">=","limit":1} (sent "0")',
    ]);
  });

  it('reports a body where the document has none, and a body that is not JSON', () => {
    expect(problemsOf(response('DELETE', `/api/users/${ID}`, 204, undefined, { bytes: 2, contentType: 'application/json' }))).toEqual([
      'DELETE /api/users/{id} 204  a body of 2 bytes (application/json) where the document has none',
    ]);
    expect(problemsOf(response('GET', '/api/users/me', 200, undefined, { contentType: 'application/json', body: '{"id":', bytes: 6 }))).toEqual([
      'GET /api/users/me 200  the body is not valid JSON: "{\\"id\\":"',
    ]);
  });

  it('checks the 404 of an unknown route as an error body, and reports anything else outside the document', () => {
    expect(problemsOf(response('GET', '/api/nothing-here', 404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET' }))).toEqual([]);
    expect(problemsOf(response('GET', '/api/nothing-here', 404, { message: 'no' }))).toEqual([
      'unknown route GET /api/nothing-here 404 # must have required property \'statusCode\' {"missingProperty":"statusCode"}',
      'unknown route GET /api/nothing-here 404 # must have required property \'error\' {"missingProperty":"error"}',
    ]);
    expect(problemsOf(response('PUT', '/api/users/me', 200, user))).toEqual(['PUT /api/users/me 200  no documented operation for PUT /api/users/me (answered 200)']);
  });

  it('leaves out what is not an API operation, and says why', () => {
    const result = checkResponses(document, [
      response('GET', '/assets/index.js', 200, undefined, { contentType: 'text/javascript', bytes: 100 }),
      response('GET', '/ws/?EIO=4&transport=polling', 200, undefined, { contentType: 'text/plain', bytes: 10 }),
    ]);
    expect(result.checked).toBe(0);
    expect(result.mismatches).toEqual([]);
    expect([...result.excluded.keys()]).toEqual([expect.stringContaining('web app'), expect.stringContaining('Socket.IO')]);
  });

  it('prints the mismatches with the spec that caused them', () => {
    const report = formatReport(checkResponses(document, [response('GET', `/api/users/${ID}`, 500, { statusCode: 500, error: 'x', message: 'y' })]));
    expect(report).toContain('GET /api/users/{id} → 500: status 500 is not documented');
    expect(report).toContain('test/example.e2e-spec.ts');
  });
});
