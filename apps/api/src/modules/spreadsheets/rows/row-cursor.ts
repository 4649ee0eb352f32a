import { ErrorCode } from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';

/** A point in a sheet's order: a row's exact position (numeric text) and id, which break ties. */
export interface RowCursorPoint {
  position: string;
  id: string;
}

const POINT = /^(-?\d{1,40}(?:\.\d{1,40})?):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Cursors of keyset paging in sheet order: the (position, id) a page ended at, base64url-encoded so clients treat it
 * as opaque. It names a place in the order, not a row: the row may since have been deleted or moved and the next
 * page still starts right after that place.
 */
export const RowCursors = {
  encode(point: RowCursorPoint): string {
    return Buffer.from(`${point.position}:${point.id}`, 'utf8').toString('base64url');
  },

  /** The point a cursor names; a 400 on `after` for anything this server did not write. */
  decode(cursor: string): RowCursorPoint {
    const match = POINT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!match) refuse("after must be a page's nextCursor, unchanged");
    return { position: match[1], id: match[2] };
  },

  /** A page's `after` as a point, when the rest of its query lets it page in sheet order. */
  of(query: { after?: string; offset?: number }, sort: readonly string[] | undefined): RowCursorPoint | undefined {
    if (query.after === undefined) return undefined;
    if (query.offset) refuse('Pass after or offset, not both: a cursor already says where the page starts');
    if (sort?.length) refuse('after pages in sheet order; a sorted list pages by offset');
    return this.decode(query.after);
  },
};

function refuse(message: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field: 'after', message }]);
}
