import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import type { SheetRole } from '@contrivance/contracts';
import { ErrorBodySchema } from '../../../openapi/schemas';

/** The OpenAPI extension naming the least sheet role an operation needs (the permission matrix test reads it). */
export const SHEET_ROLE_EXTENSION = 'x-sheet-role';

/**
 * Documents a route of one spreadsheet: the least role it needs (admins act as owners; read tokens only read), and
 * its refusals: 404 for anyone who cannot see the sheet, 403 for too little role. The services enforce it; the
 * permission-matrix e2e test checks every documented route against every kind of caller.
 */
export function SheetRoute(role: SheetRole): MethodDecorator {
  return applyDecorators(
    ApiExtension(SHEET_ROLE_EXTENSION, role),
    ApiNotFoundResponse({ description: 'No such spreadsheet, or not shared with the caller', schema: ErrorBodySchema }),
    ApiForbiddenResponse({ description: `Needs the ${role} role (or an API token allowed to write)`, schema: ErrorBodySchema }),
  );
}
