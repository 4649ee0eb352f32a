import type { Comment, Member } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { ApiError } from '../../../lib/api-error';
import { formatDateTime } from '../../../lib/format';
import { rowCommentsQuery, useAddComment, useDeleteComment, useEditComment } from './comments.api';
import { CommentComposer } from './CommentComposer';
import { splitMentions } from './mentions';

const messageOf = (error: unknown, fallback: string) => (error instanceof ApiError ? (error.details[0]?.message ?? error.message) : fallback);

function CommentBody({ comment, members }: { comment: Comment; members: readonly Member[] }) {
  const mentioned = members.filter((m) => comment.mentions.includes(m.userId));
  return (
    <p className="comment__body">
      {splitMentions(comment.body, mentioned).map((part, i) =>
        part.mention ? (
          <mark key={i} className="mention" title={part.mention.email}>
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

/**
 * A row's comments, oldest first, and a box to add one. Everyone with access may comment; authors edit and delete
 * their own, owners delete any. Others' comments arrive live (the socket's `comment` events patch the thread's query).
 */
export function CommentThread({ sheetId, rowId, members, userId, isOwner }: { sheetId: string; rowId: string; members: readonly Member[]; userId?: string; isOwner: boolean }) {
  const thread = useQuery(rowCommentsQuery(sheetId, rowId));
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useAddComment(sheetId, rowId, { onError: (e) => setError(messageOf(e, 'Could not add the comment.')) });
  const edit = useEditComment(sheetId, rowId, { onError: (e) => setError(messageOf(e, 'Could not save the comment.')) });
  const remove = useDeleteComment(sheetId, rowId, { onError: (e) => setError(messageOf(e, 'Could not delete the comment.')) });
  const nameOf = (id: string) => members.find((m) => m.userId === id)?.displayName ?? 'A former member';
  const send = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      return true;
    } catch {
      return false;
    }
  };

  return (
    <section className="comments" aria-label="Comments">
      <h3>Comments{thread.data ? ` (${thread.data.total})` : ''}</h3>
      {thread.isPending ? (
        <Spinner label="Loading comments…" />
      ) : thread.error ? (
        <FormMessage error={`Could not load the comments: ${thread.error.message}`} />
      ) : thread.data.items.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className="comments__list">
          {thread.data.items.map((comment) => (
            <li key={comment.id} className="comment" data-testid="comment">
              <div className="comment__meta muted">
                <strong>{nameOf(comment.userId)}</strong> · {formatDateTime(comment.createdAt)}
                {comment.updatedAt !== comment.createdAt && ' · edited'}
              </div>
              {editing === comment.id ? (
                <CommentComposer
                  members={members}
                  initial={comment.body}
                  initialMentions={members.filter((m) => comment.mentions.includes(m.userId))}
                  submitLabel="Save"
                  busy={edit.isPending}
                  onCancel={() => setEditing(null)}
                  onSubmit={(body, mentions) =>
                    send(async () => {
                      await edit.mutateAsync({ id: comment.id, dto: { body, mentions } });
                      setEditing(null);
                    })
                  }
                />
              ) : (
                <CommentBody comment={comment} members={members} />
              )}
              {editing !== comment.id && (comment.userId === userId || isOwner) && (
                <div className="comment__actions">
                  {comment.userId === userId && (
                    <button type="button" className="button button--ghost button--small" onClick={() => setEditing(comment.id)}>
                      Edit
                    </button>
                  )}
                  <button type="button" className="button button--ghost button--small" disabled={remove.isPending} onClick={() => void send(() => remove.mutateAsync(comment))}>
                    Delete
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <FormMessage error={error} />
      <CommentComposer members={members} submitLabel="Comment" busy={add.isPending} onSubmit={(body, mentions) => send(() => add.mutateAsync({ body, mentions }))} />
    </section>
  );
}
