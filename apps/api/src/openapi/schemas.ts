import type { OpenAPIObject } from '@nestjs/swagger';
import {
  CHANGE_KINDS,
  COLUMN_TYPES,
  COMMENT_ACTIONS,
  WEBHOOK_EVENTS,
  FILTER_OPERATORS,
  FORMULA_RESULT_TYPES,
  ROLLUP_FUNCTIONS,
  ROW_HEIGHTS,
  SUMMARY_FUNCTIONS,
  SHEET_ROLES,
  VIEW_TYPES,
} from '@contrivance/contracts';

/** A schema or a `$ref` to one, as the document's components hold them. */
export type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * OpenAPI schemas of the shared contract types that are interfaces (no class for Swagger to read).
 * They are added to `components.schemas` and referred to by `$ref`.
 */
/** A summary group's own fields (the summaries API's groups, and their groups by a second column). */
const GROUP_PROPERTIES: Record<string, SchemaObject> = {
  key: { type: 'string', nullable: true, description: 'The stored value (an option id, a date, text); null for rows without one' },
  count: { type: 'integer' },
  values: { type: 'object', additionalProperties: { oneOf: [{ type: 'number', nullable: true }, { type: 'string' }] } },
};

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
  User: {
    type: 'object',
    required: ['id', 'email', 'displayName', 'role', 'isActive', 'preferences', 'createdAt', 'lastLoginAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email' },
      displayName: { type: 'string' },
      role: { type: 'string', enum: ['admin', 'member'] },
      isActive: { type: 'boolean' },
      preferences: { $ref: '#/components/schemas/UserPreferences' },
      createdAt: { type: 'string', format: 'date-time' },
      lastLoginAt: { type: 'string', format: 'date-time', nullable: true },
    },
  },
  UserSummary: {
    type: 'object',
    required: ['id', 'email', 'displayName'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      email: { type: 'string', format: 'email' },
      displayName: { type: 'string' },
    },
  },
  AuthResponse: {
    type: 'object',
    required: ['user', 'accessToken', 'refreshToken', 'expiresIn'],
    properties: {
      user: { $ref: '#/components/schemas/User' },
      accessToken: { type: 'string', description: 'JWT (HS256) for the Authorization header' },
      refreshToken: { type: 'string', description: 'Opaque; single use: each refresh returns a new one' },
      expiresIn: { type: 'integer', description: 'Access token lifetime in seconds' },
    },
  },
  ValidateResponse: {
    type: 'object',
    required: ['user'],
    properties: { user: { $ref: '#/components/schemas/User' } },
  },
  ApiToken: {
    type: 'object',
    required: ['id', 'name', 'scope', 'prefix', 'createdAt', 'expiresAt', 'lastUsedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      scope: { type: 'string', enum: ['read', 'write'] },
      prefix: { type: 'string', description: 'The visible start of the secret, to recognise it' },
      createdAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'date-time', nullable: true },
      lastUsedAt: { type: 'string', format: 'date-time', nullable: true },
    },
  },
  CreatedApiToken: {
    allOf: [
      { $ref: '#/components/schemas/ApiToken' },
      {
        type: 'object',
        required: ['token'],
        properties: { token: { type: 'string', description: 'The secret: shown only in this response' } },
      },
    ],
  },
  SelectOption: {
    type: 'object',
    required: ['id', 'label'],
    properties: {
      id: { type: 'string' },
      label: { type: 'string' },
      color: { type: 'string', example: '#22c55e' },
      probability: { type: 'number', minimum: 0, maximum: 100 },
    },
  },
  Column: {
    type: 'object',
    required: ['id', 'name', 'type', 'position', 'hidden', 'required'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      type: { type: 'string', enum: [...COLUMN_TYPES] },
      position: { type: 'integer' },
      width: { type: 'integer' },
      hidden: { type: 'boolean' },
      required: { type: 'boolean' },
      options: { type: 'array', items: { $ref: '#/components/schemas/SelectOption' } },
      formula: { type: 'string', description: 'Formula columns: the formula, references written by the current column names' },
      resultType: {
        type: 'string',
        enum: [...FORMULA_RESULT_TYPES],
        readOnly: true,
        description: 'Formula and rollup columns: what their values are (inferred from the formula, or from the rollup function)',
      },
      link: {
        type: 'object',
        required: ['sheetId', 'reverseColumnId'],
        description: 'Link columns: the linked sheet and the reverse link column there',
        properties: { sheetId: { type: 'string', format: 'uuid' }, reverseColumnId: { type: 'string', format: 'uuid' } },
      },
      lookup: {
        type: 'object',
        required: ['linkColumnId', 'columnId'],
        description: 'Lookup columns: the values of columnId (of the linked sheet) across the rows linked through linkColumnId',
        properties: { linkColumnId: { type: 'string', format: 'uuid' }, columnId: { type: 'string', format: 'uuid' } },
      },
      rollup: {
        type: 'object',
        required: ['linkColumnId', 'columnId', 'fn'],
        description: 'Rollup columns: fn over columnId (of the linked sheet) across the rows linked through linkColumnId',
        properties: { linkColumnId: { type: 'string', format: 'uuid' }, columnId: { type: 'string', format: 'uuid' }, fn: { type: 'string', enum: [...ROLLUP_FUNCTIONS] } },
      },
    },
  },
  Spreadsheet: {
    type: 'object',
    required: ['id', 'name', 'description', 'ownerId', 'myRole', 'rowCount', 'version', 'createdAt', 'updatedAt', 'columns'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      description: { type: 'string' },
      ownerId: { type: 'string', format: 'uuid' },
      myRole: { type: 'string', enum: [...SHEET_ROLES] },
      rowCount: { type: 'integer' },
      version: { type: 'integer', description: 'Gap-free change counter of the sheet' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      columns: { type: 'array', items: { $ref: '#/components/schemas/Column' } },
    },
  },
  Row: {
    type: 'object',
    required: ['id', 'position', 'values', 'version', 'createdAt', 'updatedAt', 'updatedBy'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      position: { type: 'number' },
      values: {
        type: 'object',
        description:
          'Cell values keyed by column id: text, number, boolean, YYYY-MM-DD, option id(s) or user id. Formula cells are computed ({ "error": "#DIV/0!" } when they fail); ' +
          'link cells read as [{ rowId, label }] (or { hidden: true, count } for a reader who cannot see the linked sheet) and are written as a list of row ids; ' +
          'lookups read as a list of values, rollups as one value. Blank cells are absent.',
        additionalProperties: true,
      },
      version: { type: 'integer' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: { type: 'string', format: 'uuid', nullable: true },
    },
  },
  RowPage: {
    type: 'object',
    required: ['items'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Row' } },
      total: { type: 'integer', description: 'Absent when count=false' },
    },
  },
  Member: {
    type: 'object',
    required: ['userId', 'email', 'displayName', 'role'],
    properties: {
      userId: { type: 'string', format: 'uuid' },
      email: { type: 'string' },
      displayName: { type: 'string' },
      role: { type: 'string', enum: [...SHEET_ROLES] },
    },
  },
  ViewFilterGroup: {
    type: 'object',
    required: ['op', 'conditions'],
    description: 'Conditions and groups joined by AND or OR (groups nest 3 deep, 50 conditions in all); the rows API operators',
    properties: {
      op: { type: 'string', enum: ['and', 'or'] },
      conditions: {
        type: 'array',
        items: {
          oneOf: [
            {
              type: 'object',
              required: ['columnId', 'operator'],
              properties: {
                columnId: { type: 'string', format: 'uuid' },
                operator: { type: 'string', enum: [...FILTER_OPERATORS] },
                value: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
              },
            },
            { $ref: '#/components/schemas/ViewFilterGroup' },
          ],
        },
      },
    },
  },
  UndoResult: {
    type: 'object',
    required: ['version'],
    properties: { version: { type: 'integer', description: 'The sheet version the inverse change committed as' } },
  },
  SearchResult: {
    type: 'object',
    required: ['items', 'total', 'totalCapped'],
    properties: {
      items: {
        type: 'array',
        description: "Matching cells in row order (the view's), then column order",
        items: {
          type: 'object',
          required: ['rowId', 'columnId'],
          properties: {
            rowId: { type: 'string', format: 'uuid' },
            columnId: { type: 'string', format: 'uuid' },
            rowIndex: { type: 'integer', minimum: 0, description: "With rowIndex=true: the row's 0-based index in the searched rows' order (the rows API's offset of it)" },
          },
        },
      },
      total: { type: 'integer', minimum: 0, description: 'Matching cells; with totalCapped, a lower bound (the cells of the first matching rows found)' },
      totalCapped: { type: 'boolean', description: 'More than 10,000 rows match: total is a lower bound' },
    },
  },
  SummaryResult: {
    type: 'object',
    required: ['values'],
    properties: {
      values: {
        type: 'object',
        description: 'By "<columnId>:<function>": a number (min and max of dates: YYYY-MM-DD), null over no values',
        additionalProperties: { oneOf: [{ type: 'number', nullable: true }, { type: 'string' }] },
      },
      groups: {
        type: 'array',
        description: 'With groupBy: one per value of the (first) column, in its order (empty last), at most 1000',
        items: {
          type: 'object',
          required: ['key', 'count', 'values'],
          properties: {
            ...GROUP_PROPERTIES,
            groups: {
              type: 'array',
              description: "With a second groupBy: this group's rows by the second column's values, in its order (empty last)",
              items: { type: 'object', required: ['key', 'count', 'values'], properties: GROUP_PROPERTIES },
            },
          },
        },
      },
    },
  },
  Comment: {
    type: 'object',
    description: 'A comment on a row. Changes reach joined sockets as the event `comment` { spreadsheetId, rowId, action, comment }',
    required: ['id', 'rowId', 'userId', 'body', 'mentions', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      rowId: { type: 'string', format: 'uuid' },
      userId: { type: 'string', format: 'uuid', description: 'The author' },
      body: { type: 'string', minLength: 1, maxLength: 10000 },
      mentions: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'Members of the sheet mentioned in the body' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  CommentCounts: {
    type: 'object',
    required: ['counts'],
    properties: {
      counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 }, description: 'Comments per row id; rows without comments are left out' },
    },
  },
  CommentEvent: {
    type: 'object',
    description: "Socket event `comment`, sent to the sheet's room",
    required: ['spreadsheetId', 'rowId', 'action', 'comment'],
    properties: {
      spreadsheetId: { type: 'string', format: 'uuid' },
      rowId: { type: 'string', format: 'uuid' },
      action: { type: 'string', enum: [...COMMENT_ACTIONS] },
      comment: { $ref: '#/components/schemas/Comment' },
    },
  },
  View: {
    type: 'object',
    required: ['id', 'spreadsheetId', 'name', 'type', 'shared', 'createdBy', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      spreadsheetId: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      type: { type: 'string', enum: [...VIEW_TYPES] },
      shared: { type: 'boolean', description: 'Shared: everyone with access sees it, editors change it. Personal: its creator alone' },
      createdBy: { type: 'string', format: 'uuid' },
      filter: { $ref: '#/components/schemas/ViewFilterGroup' },
      sorts: {
        type: 'array',
        items: {
          type: 'object',
          required: ['columnId', 'direction'],
          properties: { columnId: { type: 'string', format: 'uuid' }, direction: { type: 'string', enum: ['asc', 'desc'] } },
        },
      },
      hiddenColumns: { type: 'array', items: { type: 'string', format: 'uuid' } },
      columnOrder: { type: 'array', items: { type: 'string', format: 'uuid' } },
      widths: { type: 'object', additionalProperties: { type: 'integer' } },
      frozenColumns: { type: 'integer' },
      groupBy: { type: 'array', items: { type: 'string', format: 'uuid' } },
      rowHeight: { type: 'string', enum: [...ROW_HEIGHTS] },
      summaries: {
        type: 'object',
        description: 'Grid views: the summary under each column, by column id (`none` hides the default one)',
        additionalProperties: { type: 'string', enum: [...SUMMARY_FUNCTIONS, 'none'] },
      },
      board: {
        type: 'object',
        required: ['stageColumnId', 'cardColumnIds'],
        properties: { stageColumnId: { type: 'string', format: 'uuid' }, cardColumnIds: { type: 'array', items: { type: 'string', format: 'uuid' } } },
      },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  Change: {
    type: 'object',
    required: ['seq', 'version', 'at', 'userId', 'rowId', 'columnId', 'oldValue', 'newValue', 'kind'],
    properties: {
      seq: { type: 'integer' },
      version: { type: 'integer' },
      at: { type: 'string', format: 'date-time' },
      userId: { type: 'string', format: 'uuid', nullable: true },
      rowId: { type: 'string', format: 'uuid', nullable: true },
      columnId: { type: 'string', format: 'uuid', nullable: true },
      // Any JSON value, null included (in OpenAPI 3.0 `nullable` only means something beside a `type`).
      oldValue: { description: 'What the cell, row, column or view held before (any JSON value; null when none)' },
      newValue: { description: 'What it holds after (any JSON value; null when none)' },
      kind: { type: 'string', enum: [...CHANGE_KINDS] },
    },
  },
  ImportProgress: {
    type: 'object',
    required: ['importId', 'status', 'stage', 'bytesRead', 'bytesImported', 'rowsRead', 'rowsImported', 'columnsCreated', 'rejectedCount', 'rejected'],
    properties: {
      importId: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['running', 'done', 'failed'] },
      stage: { type: 'string', enum: ['receiving', 'importing'], description: 'receiving: the file is uploading; importing: rows are being checked and written' },
      bytesRead: { type: 'integer', description: 'bytes of the file received' },
      bytesImported: { type: 'integer', description: 'bytes of the received file read into rows' },
      rowsRead: { type: 'integer' },
      rowsImported: { type: 'integer' },
      columnsCreated: { type: 'array', items: { type: 'string' } },
      rejectedCount: { type: 'integer' },
      rejected: {
        type: 'array',
        items: {
          type: 'object',
          required: ['line', 'message'],
          properties: { line: { type: 'integer' }, column: { type: 'string' }, message: { type: 'string' } },
        },
      },
      message: { type: 'string' },
    },
  },
  Webhook: {
    type: 'object',
    required: ['id', 'url', 'events', 'createdAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      url: { type: 'string', format: 'uri' },
      events: {
        type: 'array',
        items: { type: 'string', enum: [...WEBHOOK_EVENTS] },
        description:
          'Empty: every change kind. Comment events (comment.created, comment.updated, comment.deleted) are sent only when named, and send { spreadsheetId, version, event, rowId, comment }',
      },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  CreatedWebhook: {
    allOf: [
      { $ref: '#/components/schemas/Webhook' },
      {
        type: 'object',
        required: ['secret'],
        properties: {
          secret: { type: 'string', description: 'Signing secret, shown only now. Deliveries carry x-contrivance-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">' },
        },
      },
    ],
  },
  WebhookDelivery: {
    type: 'object',
    required: ['id', 'event', 'version', 'status', 'attempts', 'lastStatusCode', 'lastError', 'createdAt', 'deliveredAt', 'nextAttemptAt'],
    properties: {
      id: { type: 'integer' },
      event: { type: 'string', enum: [...WEBHOOK_EVENTS] },
      version: { type: 'integer' },
      status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
      attempts: { type: 'integer' },
      lastStatusCode: { type: 'integer', nullable: true },
      lastError: { type: 'string', nullable: true },
      createdAt: { type: 'string', format: 'date-time' },
      deliveredAt: { type: 'string', format: 'date-time', nullable: true },
      nextAttemptAt: { type: 'string', format: 'date-time', nullable: true },
    },
  },
  PipelineReport: {
    type: 'object',
    required: ['stageColumn', 'valueColumn', 'dateColumn', 'stages', 'unstaged', 'forecast', 'winRate', 'avgDaysInStage', 'totals'],
    properties: {
      stageColumn: { type: 'string', format: 'uuid' },
      valueColumn: { type: 'string', format: 'uuid' },
      dateColumn: { type: 'string', format: 'uuid', nullable: true },
      stages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['stage', 'label', 'probability', 'count', 'total', 'weighted'],
          properties: {
            stage: { type: 'string', description: 'option id' },
            label: { type: 'string' },
            color: { type: 'string' },
            probability: { type: 'number', nullable: true },
            count: { type: 'integer' },
            total: { type: 'number' },
            weighted: { type: 'number' },
          },
        },
      },
      unstaged: { type: 'object', required: ['count', 'total'], properties: { count: { type: 'integer' }, total: { type: 'number' } } },
      forecast: {
        type: 'array',
        items: {
          type: 'object',
          required: ['month', 'total', 'weighted'],
          properties: { month: { type: 'string', example: '2026-12' }, total: { type: 'number' }, weighted: { type: 'number' } },
        },
      },
      winRate: { type: 'number', nullable: true, minimum: 0, maximum: 1 },
      avgDaysInStage: {
        type: 'array',
        items: { type: 'object', required: ['stage', 'days'], properties: { stage: { type: 'string' }, days: { type: 'number', nullable: true } } },
      },
      totals: {
        type: 'object',
        required: ['count', 'total', 'weighted'],
        properties: { count: { type: 'integer' }, total: { type: 'number' }, weighted: { type: 'number' } },
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
const pageOf = (name: keyof typeof COMPONENT_SCHEMAS): SchemaObject => ({
  type: 'object',
  required: ['items', 'total'],
  properties: { items: { type: 'array', items: ref(name) }, total: { type: 'integer', minimum: 0 } },
});

export const ErrorBodySchema = ref('ErrorBody');
export const HealthResponseSchema = ref('HealthResponse');
export const UserSchema = ref('User');
export const AuthResponseSchema = ref('AuthResponse');
export const ValidateResponseSchema = ref('ValidateResponse');
export const ApiTokenSchema = ref('ApiToken');
export const CreatedApiTokenSchema = ref('CreatedApiToken');
export const ApiTokenPageSchema = pageOf('ApiToken');
export const SpreadsheetSchema = ref('Spreadsheet');
export const SpreadsheetPageSchema = pageOf('Spreadsheet');
export const ColumnSchema = ref('Column');
export const RowSchema = ref('Row');
export const RowPageSchema = ref('RowPage');
export const RowListSchema: SchemaObject = { type: 'array', items: ref('Row') };
export const MemberSchema = ref('Member');
export const MemberListSchema = pageOf('Member');
export const ViewSchema = ref('View');
export const CommentSchema = ref('Comment');
export const CommentPageSchema = pageOf('Comment');
export const CommentCountsSchema = ref('CommentCounts');
export const SummaryResultSchema = ref('SummaryResult');
export const UndoResultSchema = ref('UndoResult');
export const SearchResultSchema = ref('SearchResult');
export const ViewListSchema = pageOf('View');
export const ChangePageSchema = pageOf('Change');
export const ImportProgressSchema = ref('ImportProgress');
export const PipelineReportSchema = ref('PipelineReport');
export const WebhookSchema = ref('Webhook');
export const WebhookListSchema = pageOf('Webhook');
export const CreatedWebhookSchema = ref('CreatedWebhook');
export const WebhookDeliveryPageSchema = pageOf('WebhookDelivery');
/**
 * Admins get full accounts; members get summaries. `anyOf`, not `oneOf`: a full account also fits the summary's
 * schema, so under `oneOf` every admin's answer would fail a validating proxy.
 */
export const UserListSchema: SchemaObject = {
  type: 'object',
  required: ['items', 'total'],
  properties: {
    items: { type: 'array', items: { anyOf: [ref('User'), ref('UserSummary')] } },
    total: { type: 'integer', minimum: 0 },
  },
};
