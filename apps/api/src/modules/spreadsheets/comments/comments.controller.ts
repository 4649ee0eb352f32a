import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommentCountsQuery, CreateCommentDto, PaginationQuery, UpdateCommentDto, type Comment, type CommentCounts, type Page } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../../openapi/dto-schemas';
import { CommentCountsSchema, CommentPageSchema, CommentSchema } from '../../../openapi/schemas';
import { SheetRoute } from '../access/sheet-route.decorator';
import { CommentsService } from './comments.service';

@ApiTags('comments')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('rows/:rowId/comments')
  @ApiOperation({ summary: "A row's comments, oldest first (404 for a row not in the sheet, deleted ones included)" })
  @SheetRoute('viewer')
  @ApiQueryDto(PaginationQuery)
  @ApiOkResponse({ schema: CommentPageSchema })
  list(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('rowId', UuidParamPipe) rowId: string,
    @Query() query: PaginationQuery,
  ): Promise<Page<Comment>> {
    return this.comments.list(actor, id, rowId, query);
  }

  @Post('rows/:rowId/comments')
  @ApiOperation({
    summary: 'Comment on a row (viewers too). Mentions must be members of the sheet (400 otherwise); sent as the socket event `comment` and the webhook event `comment.created`',
  })
  @SheetRoute('viewer')
  @ApiBodyDto(CreateCommentDto)
  @ApiCreatedResponse({ schema: CommentSchema })
  create(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('rowId', UuidParamPipe) rowId: string, @Body() body: CreateCommentDto): Promise<Comment> {
    return this.comments.create(actor, id, rowId, body);
  }

  @Patch('rows/:rowId/comments/:commentId')
  @ApiOperation({ summary: 'Edit your own comment (anyone else: 403); `comment.updated`' })
  @SheetRoute('viewer')
  @ApiBodyDto(UpdateCommentDto)
  @ApiOkResponse({ schema: CommentSchema })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('rowId', UuidParamPipe) rowId: string,
    @Param('commentId', UuidParamPipe) commentId: string,
    @Body() body: UpdateCommentDto,
  ): Promise<Comment> {
    return this.comments.update(actor, id, rowId, commentId, body);
  }

  @Delete('rows/:rowId/comments/:commentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a comment: its author, or an owner of the sheet (anyone else: 403); `comment.deleted`' })
  @SheetRoute('viewer')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('rowId', UuidParamPipe) rowId: string,
    @Param('commentId', UuidParamPipe) commentId: string,
  ): Promise<void> {
    return this.comments.remove(actor, id, rowId, commentId);
  }

  @Get('comments/counts')
  @ApiOperation({ summary: 'How many comments each of the given rows has (for the grid; rows without comments are left out)' })
  @SheetRoute('viewer')
  @ApiQueryDto(CommentCountsQuery)
  @ApiOkResponse({ schema: CommentCountsSchema })
  counts(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: CommentCountsQuery): Promise<CommentCounts> {
    return this.comments.counts(actor, id, query);
  }
}
