import type { OpenAPIObject } from '@nestjs/swagger';

/** A schema or a `$ref` to one, as the document's components hold them. */
export type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * OpenAPI schemas of the shared contract types that are interfaces (no class for Swagger to read).
 * They are added to `components.schemas` and referred to by `$ref`.
 */
export const COMPONENT_SCHEMAS: Record<string, SchemaObject> = {
  ErrorBody: {
    type: 'object',
    description: 'Every error response: REST and socket acks alike',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      error: { type: 'string', example: 'Bad Request' },
      message: { type: 'string', example: 'Validation failed: property foo should not exist' },
      details: {
        type: 'array',
        items: {
          type: 'object',
          required: ['message'],
          properties: { field: { type: 'string' }, message: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
  },
  HealthResponse: {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string', enum: ['ok'] },
      checks: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: ['up', 'down'] } },
        },
      },
    },
  },
};

const ref = (name: keyof typeof COMPONENT_SCHEMAS): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

export const ErrorBodySchema = ref('ErrorBody');
export const HealthResponseSchema = ref('HealthResponse');
