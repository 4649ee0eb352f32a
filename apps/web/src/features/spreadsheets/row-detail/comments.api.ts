import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { MAX_PAGE_SIZE, type Comment, type CommentEvent, type CreateCommentDto, type Page, type UpdateCommentDto } from '@contrivance/contracts';
import { countComments, createComment, deleteComment, listComments, updateComment } from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const commentKeys = {
  all: (sheetId: string) => ['comments', sheetId] as const,
  row: (sheetId: string, rowId: string) => [...commentKeys.all(sheetId), 'row', rowId] as const,
};

/** A row's thread, oldest first (one page of the largest size: a thread past a thousand comments shows its first thousand). */
export const rowCommentsQuery = (sheetId: string, rowId: string) =>
  queryOptions({
    queryKey: commentKeys.row(sheetId, rowId),
    queryFn: async ({ signal }) => (await listComments({ path: { id: sheetId, rowId }, query: { limit: MAX_PAGE_SIZE }, signal })).data,
  });

export const fetchCommentCounts = async (sheetId: string, rowIds: string[]) => (await countComments({ path: { id: sheetId }, query: { rowIds } })).data.counts;

/** A comment event (from the socket, or this tab's own answer) applied to the row's cached thread. */
export function applyCommentEvent(queryClient: QueryClient, sheetId: string, event: Pick<CommentEvent, 'action' | 'comment'>): void {
  queryClient.setQueryData<Page<Comment>>(commentKeys.row(sheetId, event.comment.rowId), (page) => {
    if (!page) return page;
    const others = page.items.filter((c) => c.id !== event.comment.id);
    const known = others.length !== page.items.length;
    if (event.action === 'deleted') return known ? { items: others, total: page.total - 1 } : page;
    if (known) return { ...page, items: page.items.map((c) => (c.id === event.comment.id ? event.comment : c)) };
    return { items: [...page.items, event.comment].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), total: page.total + 1 };
  });
}

export function useAddComment(sheetId: string, rowId: string, callbacks: MutationCallbacks<Comment, CreateCommentDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (dto: CreateCommentDto) => (await createComment({ path: { id: sheetId, rowId }, body: dto })).data,
    ...callbacks,
    onSuccess: (comment, ...rest) => {
      applyCommentEvent(queryClient, sheetId, { action: 'created', comment });
      return callbacks.onSuccess?.(comment, ...rest);
    },
  });
}

export function useEditComment(sheetId: string, rowId: string, callbacks: MutationCallbacks<Comment, { id: string; dto: UpdateCommentDto }> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, dto }: { id: string; dto: UpdateCommentDto }) => (await updateComment({ path: { id: sheetId, rowId, commentId: id }, body: dto })).data,
    ...callbacks,
    onSuccess: (comment, ...rest) => {
      applyCommentEvent(queryClient, sheetId, { action: 'updated', comment });
      return callbacks.onSuccess?.(comment, ...rest);
    },
  });
}

export function useDeleteComment(sheetId: string, rowId: string, callbacks: MutationCallbacks<void, Comment> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (comment: Comment) => {
      await deleteComment({ path: { id: sheetId, rowId, commentId: comment.id } });
    },
    ...callbacks,
    onSuccess: (done, comment, ...rest) => {
      applyCommentEvent(queryClient, sheetId, { action: 'deleted', comment });
      return callbacks.onSuccess?.(done, comment, ...rest);
    },
  });
}
