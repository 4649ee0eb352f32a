import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_EVENTS, WEBHOOK_SIGNATURE_HEADER } from '@contrivance/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ref, type SchemaObject } from './schemas';

type CallbacksObject = NonNullable<NonNullable<OpenAPIObject['paths'][string]['post']>['callbacks']>;

/** A request header of a delivery, as the receiving side's operation takes it. */
const header = (name: string, description: string, schema: SchemaObject = { type: 'string' }) => ({ name, in: 'header' as const, required: true, description, schema });

/**
 * What `createWebhook` makes the server send: the callback `delivery`, a POST to the webhook's URL for each committed
 * change (and each comment event the webhook names). OpenAPI 3.0 has no top-level `webhooks`; a callback on the
 * operation that subscribes is its way of describing them.
 */
export const WEBHOOK_CALLBACKS: CallbacksObject = {
  delivery: {
    '{$request.body#/url}': {
      post: {
        operationId: 'receiveWebhookDelivery',
        summary: 'A delivery to your endpoint',
        description: 'One committed change of the sheet (a version, with its parts), or a comment event. Check the signature first (see the Webhooks guide).',
        security: [],
        parameters: [
          header(WEBHOOK_EVENT_HEADER, 'The change kind or comment event', { type: 'string', enum: [...WEBHOOK_EVENTS] }),
          header(WEBHOOK_DELIVERY_HEADER, "The delivery's id: the same on every retry of it", { type: 'string', pattern: '^[0-9]+$' }),
          header(WEBHOOK_SIGNATURE_HEADER, '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`', {
            type: 'string',
            pattern: '^t=[0-9]+,v1=[0-9a-f]{64}$',
          }),
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { oneOf: [ref('WebhookPayload'), ref('CommentWebhookPayload')] } } },
        },
        responses: {
          '2XX': { description: 'Received: the delivery is done' },
          '4XX': { description: 'Refused: retried with backoff like any answer other than 2xx (and like no answer in time), then marked failed' },
          '5XX': { description: 'Failed: retried with backoff, then marked failed' },
        },
      },
    },
  },
};
