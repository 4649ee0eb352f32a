import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CellValue,
  Change,
  Column,
  SheetRole,
  CreateColumnDto,
  CreateSpreadsheetDto,
  ImportMappingDto,
  Row,
  Spreadsheet,
  UpdateColumnDto,
  UpdateSpreadsheetDto,
} from '@contrivance/contracts';
import { MAX_PAGE_SIZE } from '@contrivance/contracts';
import { booleanParam, listParam, numberParam, stringParam } from '../../../lib/query-params';
import * as sdk from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const sheetKeys = {
  all: ['spreadsheets'] as const,
  list: (search: string) => [...sheetKeys.all, 'list', { search }] as const,
  detail: (id: string) => [...sheetKeys.all, 'detail', id] as const,
  members: (id: string) => [...sheetKeys.all, 'members', id] as const,
  history: (sheetId: string, rowId: string) => [...sheetKeys.all, 'history', sheetId, rowId] as const,
  linkTargets: (sheetId: string, params: string) => [...sheetKeys.all, 'link-targets', sheetId, params] as const,
};

/** People to share with, by name or email (apart from the sheets: the same answer serves every sheet). */
export const userKeys = {
  search: (term: string) => ['user-search', term] as const,
};

export const sheetListQuery = (search: string) =>
  queryOptions({
    queryKey: sheetKeys.list(search),
    queryFn: async ({ signal }) => (await sdk.listSpreadsheets({ query: { limit: 200, ...(search ? { search } : {}) }, signal })).data,
    placeholderData: keepPreviousData,
  });

export const sheetQuery = (id: string) =>
  queryOptions({
    queryKey: sheetKeys.detail(id),
    queryFn: async ({ signal }) => (await sdk.getSpreadsheet({ path: { id }, signal })).data,
  });

/** Every member of the sheet (one page of the largest size: sharing lists stay far below it). */
export const membersQuery = (id: string) =>
  queryOptions({
    queryKey: sheetKeys.members(id),
    queryFn: async ({ signal }) => (await sdk.listMembers({ path: { id }, query: { limit: MAX_PAGE_SIZE }, signal })).data,
    select: (page) => page.items,
  });

export const createSheet = async (dto: CreateSpreadsheetDto) => (await sdk.createSpreadsheet({ body: dto })).data;
export const updateSheet = async (id: string, dto: UpdateSpreadsheetDto) => (await sdk.updateSpreadsheet({ path: { id }, body: dto })).data;
export const deleteSheet = async (id: string) => {
  await sdk.deleteSpreadsheet({ path: { id } });
};

export const createColumn = async (sheetId: string, dto: CreateColumnDto) => (await sdk.createColumn({ path: { id: sheetId }, body: dto })).data;

/** One page of rows; `params` carries limit, offset, count, viewId, sort and filter as the grid builds them (rows-request). */
export const fetchRows = async (sheetId: string, params: URLSearchParams, signal?: AbortSignal) => {
  const query = {
    limit: numberParam(params, 'limit'),
    offset: numberParam(params, 'offset'),
    count: booleanParam(params, 'count'),
    viewId: stringParam(params, 'viewId'),
    sort: listParam(params, 'sort'),
    filter: listParam(params, 'filter'),
  };
  return (await sdk.listRows({ path: { id: sheetId }, query, signal })).data;
};

/** Rows of a sheet a link cell may point to, read with `params` (a search by the first column; see linkSearch). */
export const linkTargetsQuery = (sheetId: string, params: URLSearchParams) =>
  queryOptions({
    queryKey: sheetKeys.linkTargets(sheetId, params.toString()),
    queryFn: ({ signal }) => fetchRows(sheetId, params, signal),
    // The last answer stays listed while the next search runs, so the list does not blink at every key.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const fetchRow = async (sheetId: string, rowId: string) => (await sdk.getRow({ path: { id: sheetId, rowId } })).data;

export const updateCells = async (sheetId: string, rowId: string, values: Record<string, CellValue>) =>
  (await sdk.updateRow({ path: { id: sheetId, rowId }, body: { values } })).data;

export const createRows = async (sheetId: string, rows: Record<string, CellValue>[], beforeRowId?: string) =>
  (await sdk.createRows({ path: { id: sheetId }, body: { rows: rows.map((values) => ({ values })), ...(beforeRowId ? { beforeRowId } : {}) } })).data;

export const deleteRow = async (sheetId: string, rowId: string) => {
  await sdk.deleteRow({ path: { id: sheetId, rowId } });
};

export const putMember = async (sheetId: string, userId: string, role: SheetRole) => (await sdk.setMember({ path: { id: sheetId, userId }, body: { role } })).data;
export const removeMember = async (sheetId: string, userId: string) => {
  await sdk.removeMember({ path: { id: sheetId, userId } });
};
export const searchUsers = async (search: string) => (await sdk.listUsers({ query: { limit: 8, search } })).data;

/** People matching a search term (asked only once something is typed). */
export const userSearchQuery = (term: string) =>
  queryOptions({
    queryKey: userKeys.search(term),
    queryFn: () => searchUsers(term),
    enabled: term.length > 0,
  });

export const rowHistoryQuery = (sheetId: string, rowId: string) =>
  queryOptions({
    queryKey: sheetKeys.history(sheetId, rowId),
    queryFn: async ({ signal }) => (await sdk.listChanges({ path: { id: sheetId }, query: { rowId, limit: 100 }, signal })).data,
  });
export const restoreChange = async (sheetId: string, seq: number) => (await sdk.restoreChange({ path: { id: sheetId, seq } })).data;

export const importProgress = async (sheetId: string, importId: string) => (await sdk.getImportProgress({ path: { id: sheetId, importId } })).data;
/** Uploads a CSV file; with a mapping, each CSV column goes where it says; a dry run changes nothing and reports. */
export const importCsv = async (sheetId: string, file: Blob, importId: string, options: { mapping?: ImportMappingDto; dryRun?: boolean } = {}) => {
  // The mapping goes first (the form's fields follow this object's order): the server reads the fields before the file.
  const body = {
    ...(options.mapping ? { mapping: JSON.stringify(options.mapping) } : {}),
    file: file instanceof File ? file : new File([file], 'sample.csv', { type: file.type }),
  };
  return (await sdk.importCsv({ path: { id: sheetId }, query: { importId, ...(options.dryRun ? { dryRun: true } : {}) }, body })).data;
};

/** The sheet as a CSV file, filtered and sorted as `params` say (the grid's view: gridViewParams), with the server's file name. */
export const exportCsv = async (sheetId: string, params: URLSearchParams, fallbackName: string) => {
  const query = { viewId: stringParam(params, 'viewId'), sort: listParam(params, 'sort'), filter: listParam(params, 'filter') };
  // Read as bytes (the document types the body as text): text would drop the byte-order mark that tells spreadsheet
  // programs the file is UTF-8.
  const { data, response } = await sdk.exportCsv({ path: { id: sheetId }, query, parseAs: 'blob', headers: { Accept: 'text/csv' } });
  return { file: data as unknown as Blob, name: sdk.fileNameOf(response, fallbackName) };
};

export const updateColumn = async (sheetId: string, columnId: string, dto: UpdateColumnDto) => (await sdk.updateColumn({ path: { id: sheetId, columnId }, body: dto })).data;
export const deleteColumn = async (sheetId: string, columnId: string) => {
  await sdk.deleteColumn({ path: { id: sheetId, columnId } });
};

/** Cells of several rows in one change (a pasted block). */
export const updateRows = async (sheetId: string, updates: { rowId: string; values: Record<string, CellValue> }[]) =>
  (await sdk.updateRows({ path: { id: sheetId }, body: { updates } })).data;

/** A new sheet (blank or from a template); every list of sheets refreshes. */
export function useCreateSheet(callbacks: MutationCallbacks<Spreadsheet, CreateSpreadsheetDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSheet,
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: sheetKeys.all });
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useRenameSheet(sheetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => updateSheet(sheetId, { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sheetKeys.all }),
  });
}

export function useDeleteSheet(sheetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteSheet(sheetId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sheetKeys.all }),
  });
}

/** Gives someone a role on the sheet, or changes theirs. */
export function usePutMember(sheetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: SheetRole }) => putMember(sheetId, userId, role),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sheetKeys.members(sheetId) }),
  });
}

export function useRemoveMember(sheetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(sheetId, userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sheetKeys.members(sheetId) }),
  });
}

/**
 * Adds a column. Success waits for the sheet to be read again, so the form closes onto a grid that has the column.
 */
export function useCreateColumn(sheetId: string, callbacks: MutationCallbacks<Column, CreateColumnDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dto: CreateColumnDto) => createColumn(sheetId, dto),
    ...callbacks,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: sheetKeys.detail(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useUpdateColumn(sheetId: string, callbacks: MutationCallbacks<Column, { columnId: string; dto: UpdateColumnDto }> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ columnId, dto }: { columnId: string; dto: UpdateColumnDto }) => updateColumn(sheetId, columnId, dto),
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: sheetKeys.detail(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useDeleteColumn(sheetId: string, callbacks: MutationCallbacks<void, string> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (columnId: string) => deleteColumn(sheetId, columnId),
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: sheetKeys.detail(sheetId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}

/**
 * Adds one row (at the end, or above `beforeRowId`). The sheet (its row count) refreshes; the grid's own rows are
 * reloaded by the screen, which knows where the grid is.
 */
export function useAddRow(sheetId: string, callbacks: MutationCallbacks<Row[], { values: Record<string, CellValue>; beforeRowId?: string }> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ values, beforeRowId }: { values: Record<string, CellValue>; beforeRowId?: string }) => createRows(sheetId, [values], beforeRowId),
    ...callbacks,
    onSuccess: (...args) => {
      const done = callbacks.onSuccess?.(...args);
      void queryClient.invalidateQueries({ queryKey: sheetKeys.detail(sheetId) });
      return done;
    },
  });
}

export function useDeleteRow(sheetId: string, callbacks: MutationCallbacks<void, string> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rowId: string) => deleteRow(sheetId, rowId),
    ...callbacks,
    onSuccess: (...args) => {
      const done = callbacks.onSuccess?.(...args);
      void queryClient.invalidateQueries({ queryKey: sheetKeys.detail(sheetId) });
      return done;
    },
  });
}

/** Puts an earlier value of a cell back (recorded as a change of its own); the row's history refreshes. */
export function useRestoreChange(sheetId: string, rowId: string, callbacks: MutationCallbacks<Row, Change> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Change) => restoreChange(sheetId, change.seq),
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: sheetKeys.history(sheetId, rowId) });
      return callbacks.onSuccess?.(...args);
    },
  });
}
