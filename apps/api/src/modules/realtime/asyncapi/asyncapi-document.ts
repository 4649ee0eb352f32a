import { ERROR_STATUS, REALTIME_PATH, RealtimeEvent, UNKNOWN_EVENT, type ClientToServerEvents, type ServerToClientEvents } from '@contrivance/contracts';
import { dtoSchemas } from '../../../openapi/dto-schemas';
import { contractJsonSchemas, schemasReachedFrom, withComponentRefs } from '../../../openapi/contract-schemas';

type Json = Record<string, unknown>;

/**
 * OpenAPI 3.0 schemas as the JSON Schema AsyncAPI messages take: `nullable` becomes a `null` type, refs point into this
 * document's components.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Json;
  const out: Json = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'enum' || key === 'required' || key === 'example' ? value : toJsonSchema(value)]));
  if (nullable === true) {
    // A nullable shape by ref (`{ type, allOf: [ref], nullable }`): the ref, or null.
    if (Array.isArray(out.allOf) && out.allOf.length === 1) return { oneOf: [out.allOf[0], { type: 'null' }] };
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (!out.type && !out.$ref) return out;
    else if (out.$ref) return { oneOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Json, required: string[], description?: string): Json => ({ type: 'object', ...(description ? { description } : {}), properties, required });

/** The answers of client events: `{ ok: true, … }` or `{ ok: false, error, message, details? }`. */
const FAILED_ACK = object(
  {
    ok: { const: false },
    error: { type: 'string', enum: [...Object.keys(ERROR_STATUS), UNKNOWN_EVENT], description: 'The same codes as HTTP errors (ErrorBody), plus unknown_event' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', additionalProperties: true, properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
  ['ok', 'error', 'message'],
);
const okAck = (properties: Json = {}, required: string[] = []) => ({ oneOf: [object({ ok: { const: true }, ...properties }, ['ok', ...required]), ref('FailedAck')] });

/** Client → server: each event's payload (a contracts DTO) and the ack's `ok: true` fields. */
const CLIENT_EVENTS: Record<keyof ClientToServerEvents, { dto: string; summary: string; ack: Json }> = {
  [RealtimeEvent.join]: {
    dto: 'JoinDto',
    summary: 'Join a sheet’s room (viewer or more): its version, who is there, and the changes missed since `sinceVersion` (or `reload`)',
    ack: { oneOf: [{ allOf: [object({ ok: { const: true } }, ['ok']), ref('JoinResult')] }, ref('FailedAck')] },
  },
  // LeaveDto adds nothing to SheetEvent (so it has no schema of its own).
  [RealtimeEvent.leave]: { dto: 'SheetEvent', summary: 'Leave a sheet’s room', ack: okAck() },
  [RealtimeEvent.cellUpdate]: { dto: 'CellUpdateDto', summary: 'Set one cell (editor), as PATCH …/rows/:rowId does', ack: okAck({ version: { type: 'integer' } }, ['version']) },
  [RealtimeEvent.rowCreate]: {
    dto: 'RowCreateDto',
    summary: 'Add a row (editor)',
    ack: okAck({ version: { type: 'integer' }, row: ref('Row') }, ['version', 'row']),
  },
  [RealtimeEvent.rowDelete]: { dto: 'RowDeleteDto', summary: 'Delete a row (editor)', ack: okAck({ version: { type: 'integer' } }, ['version']) },
  [RealtimeEvent.presenceUpdate]: { dto: 'PresenceUpdateDto', summary: 'Share the focused cell with the sheet’s room', ack: okAck() },
};

/** Server → client: what each event carries. */
const SERVER_EVENTS: Record<keyof ServerToClientEvents, { schema: string; summary: string }> = {
  [RealtimeEvent.change]: { schema: 'SheetChange', summary: 'A committed change of a joined sheet (every door: REST, sockets, imports, undo)' },
  [RealtimeEvent.presence]: { schema: 'PresenceEvent', summary: 'Who is in a joined sheet and their focused cells' },
  [RealtimeEvent.revoked]: { schema: 'RevokedEvent', summary: 'The caller lost access to a joined sheet and left its room' },
  [RealtimeEvent.linked]: { schema: 'LinkedValuesEvent', summary: 'New link, lookup and rollup values of rows of a joined sheet (not a change: no version)' },
  [RealtimeEvent.shutdown]: { schema: 'ShutdownEvent', summary: 'This instance is shutting down: reconnect in a moment' },
  [RealtimeEvent.comment]: { schema: 'CommentEvent', summary: 'A comment on a row of a joined sheet was created, updated or deleted' },
};

/** A message id for an event name (`cell:update` → `cellUpdate`). */
const idOf = (event: string) => event.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The AsyncAPI 3 document of the Socket.IO protocol: every client event with its payload (the contracts' DTO schemas,
 * as the OpenAPI document has them) and its ack, and every server event. The tables above are typed by the contracts'
 * event maps, so an event added there without being described here does not compile.
 */
export function buildAsyncApiDocument(): Json {
  const messages: Json = {};
  const operations: Json = {};
  for (const [event, spec] of Object.entries(CLIENT_EVENTS)) {
    const id = idOf(event);
    messages[id] = { name: event, title: event, summary: spec.summary, payload: ref(spec.dto) };
    messages[`${id}Ack`] = { name: `${event} ack`, title: `${event} ack`, summary: `The answer to ${event}`, payload: spec.ack };
    operations[id] = {
      action: 'receive',
      title: `Client sends ${event}`,
      summary: spec.summary,
      channel: { $ref: '#/channels/socket' },
      messages: [{ $ref: `#/channels/socket/messages/${id}` }],
      reply: { channel: { $ref: '#/channels/socket' }, messages: [{ $ref: `#/channels/socket/messages/${id}Ack` }] },
    };
  }
  for (const [event, spec] of Object.entries(SERVER_EVENTS)) {
    const id = idOf(event);
    messages[id] = { name: event, title: event, summary: spec.summary, payload: ref(spec.schema) };
    operations[`on${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      title: `Server sends ${event}`,
      summary: spec.summary,
      channel: { $ref: '#/channels/socket' },
      messages: [{ $ref: `#/channels/socket/messages/${id}` }],
    };
  }
  const channelMessages = Object.fromEntries(Object.keys(messages).map((id) => [id, { $ref: `#/components/messages/${id}` }]));
  // The payloads' schemas: the contracts' DTOs (from their validation rules) and answer and event shapes (from their
  // types), with every shape they refer to.
  const dtos = dtoSchemas();
  const schemas: Json = {
    FailedAck: FAILED_ACK,
    ...Object.fromEntries(Object.values(CLIENT_EVENTS).map((e) => [e.dto, toJsonSchema(dtos[e.dto])])),
    FocusDto: toJsonSchema(dtos.FocusDto),
    ...Object.fromEntries(Object.entries(schemasReachedFrom({ messages }, contractJsonSchemas()).used).map(([name, schema]) => [name, withComponentRefs(schema)])),
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Contrivance real-time API',
      version: '0.1.0',
      description:
        'Socket.IO 4 at path `/ws` (WebSocket transport, or polling then upgrade). Authenticate in the handshake with `auth: { token }` ' +
        '(an access JWT or an API token) or an `Authorization: Bearer` header; a refused handshake fails with `unauthorized`. Client events ' +
        'are acknowledged (Socket.IO acks) with `{ ok: true, … }` or `{ ok: false, error, message, details? }`; an unknown event with ' +
        '`unknown_event`. Join a sheet to receive its events. The REST API is described at /api/docs-json.',
    },
    defaultContentType: 'application/json',
    servers: {
      app: {
        host: 'localhost:8080',
        protocol: 'ws',
        pathname: REALTIME_PATH,
        description: 'The app itself (Socket.IO engine on the same port as HTTP); use wss behind TLS',
        security: [{ $ref: '#/components/securitySchemes/token' }],
      },
    },
    channels: {
      socket: {
        address: REALTIME_PATH,
        title: 'One Socket.IO connection',
        description: 'Every event travels on the connection; sheet events name their sheet (`spreadsheetId`) and reach its room',
        messages: channelMessages,
      },
    },
    operations,
    components: {
      messages,
      schemas,
      securitySchemes: {
        token: { type: 'http', scheme: 'bearer', description: 'In the Socket.IO handshake: `auth: { token }`, or the Authorization header' },
      },
    },
  };
}
