/** The live connection to a sheet, as the sheet screens use it. */
export { Outbox, sameValue, type QueuedEdit } from './outbox';
export { peerColor } from './peer-colors';
export { OfflineBanner, PresenceBar } from './PresenceBar';
export { TAB_ID } from './realtime-client';
export { NOT_SENT, useSheetLive, type CellAck } from './useSheetLive';
export { useCommentEvents, useRowChangeEvents } from './useCommentEvents';
