import type { OpenAPIObject } from '@nestjs/swagger';
import { contractJsonSchemas, toOpenApi30 } from './contract-schemas';

/** A schema or a `$ref` to one, as the document's components hold them. */
export type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

let cache: Record<string, SchemaObject> | undefined;

/**
 * The shapes of the API's answers as the document's `components.schemas`: the contracts' TypeScript types (libs/contracts),
 * generated into JSON schemas by its build and written here as OpenAPI 3.0. Nothing about a response's shape is
 * written in this folder.
 */
export function componentSchemas(): Record<string, SchemaObject> {
  cache ??= Object.fromEntries(Object.entries(contractJsonSchemas()).map(([name, schema]) => [name, toOpenApi30(schema) as SchemaObject]));
  return cache;
}

/** A `$ref` to a contract shape by its type's name (checked when the document is built). */
export const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

export const ErrorBodySchema = ref('ErrorBody');
export const HealthResponseSchema = ref('HealthResponse');
export const UserSchema = ref('User');
export const UserListSchema = ref('UserPage');
export const AuthResponseSchema = ref('AuthResponse');
export const ValidateResponseSchema = ref('ValidateResponse');
export const ApiTokenSchema = ref('ApiToken');
export const CreatedApiTokenSchema = ref('CreatedApiToken');
export const ApiTokenPageSchema = ref('ApiTokenPage');
export const SpreadsheetSchema = ref('Spreadsheet');
export const SpreadsheetPageSchema = ref('SpreadsheetPage');
export const ColumnSchema = ref('Column');
export const RowSchema = ref('Row');
export const RowPageSchema = ref('RowPage');
/** Rows created by one request, in order. */
export const RowListSchema: SchemaObject = { type: 'array', items: ref('Row') };
export const MemberSchema = ref('Member');
export const MemberListSchema = ref('MemberPage');
export const ViewSchema = ref('View');
export const ViewListSchema = ref('ViewPage');
export const CommentSchema = ref('Comment');
export const CommentPageSchema = ref('CommentPage');
export const CommentCountsSchema = ref('CommentCounts');
export const SummaryResultSchema = ref('SummaryResult');
export const UndoResultSchema = ref('UndoResult');
export const SearchResultSchema = ref('SearchResult');
export const ChangePageSchema = ref('ChangePage');
export const ImportProgressSchema = ref('ImportProgress');
export const PipelineReportSchema = ref('PipelineReport');
export const WebhookSchema = ref('Webhook');
export const WebhookListSchema = ref('WebhookPage');
export const CreatedWebhookSchema = ref('CreatedWebhook');
export const WebhookDeliveryPageSchema = ref('WebhookDeliveryPage');
