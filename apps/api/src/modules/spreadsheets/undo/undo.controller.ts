import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UndoResult } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ErrorBodySchema, UndoResultSchema } from '../../../openapi/schemas';
import { SheetRoute } from '../access/sheet-route.decorator';
import { UndoService } from './undo.service';

const CONFLICT = 'Nothing to undo or redo, or a cell of the step was changed by someone else since (`details` names the cells; nothing was applied)';

@ApiTags('history')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id')
export class UndoController {
  constructor(private readonly undoService: UndoService) {}

  @Post('undo')
  @HttpCode(200)
  @ApiOperation({ summary: "Undo the caller's own last step in this sheet (editor); recorded as a new change" })
  @SheetRoute('editor')
  @ApiOkResponse({ schema: UndoResultSchema })
  @ApiConflictResponse({ description: CONFLICT, schema: ErrorBodySchema })
  undo(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<UndoResult> {
    return this.undoService.undo(actor, id);
  }

  @Post('redo')
  @HttpCode(200)
  @ApiOperation({ summary: "Redo the caller's last undone step in this sheet (editor); recorded as a new change" })
  @SheetRoute('editor')
  @ApiOkResponse({ schema: UndoResultSchema })
  @ApiConflictResponse({ description: CONFLICT, schema: ErrorBodySchema })
  redo(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<UndoResult> {
    return this.undoService.redo(actor, id);
  }
}
