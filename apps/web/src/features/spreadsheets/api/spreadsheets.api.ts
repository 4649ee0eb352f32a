import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  Change,
  Column,
  ImportProgress,
  SheetRole,
  UserSummary,
  CreateColumnDto,
  CreateSpreadsheetDto,
  ImportMappingDto,
  Member,
  Page,
  Row,
  RowPage,
  Spreadsheet,
  UpdateColumnDto,
  UpdateSpreadsheetDto,
} from '@contrivance/contracts';
import { MAX_PAGE_SIZE } from '@contrivance/contracts';
import { http } from '../../../lib/http';
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
    queryFn: ({ signal }) => http<Page<Spreadsheet>>(`/api/spreadsheets?limit=200${search ? `&search=${encodeURIComponent(search)}` : ''}`, { signal }),
    placeholderData: keepPreviousData,
  });

export const sheetQuery = (id: string) =>
  queryOptions({
    queryKey: sheetKeys.detail(id),
    queryFn: ({ signal }) => http<Spreadsheet>(`/api/spreadsheets/${id}`, { signal }),
  });

/** Every member of the sheet (one page of the largest size: sharing lists stay far below it). */
export const membersQuery = (id: string) =>
  queryOptions({
    queryKey: sheetKeys.members(id),
    queryFn: ({ signal }) => http<Page<Member>>(`/api/spreadsheets/${id}/members?limit=${MAX_PAGE_SIZE}`, { signal }),
    select: (page) => page.items,
  });

export const createSheet = (dto: CreateSpreadsheetDto) => http<Spreadsheet>('/api/spreadsheets', { method: 'POST', body: dto });
export const updateSheet = (id: string, dto: UpdateSpreadsheetDto) => http<Spreadsheet>(`/api/spreadsheets/${id}`, { method: 'PUT', body: dto });
export const deleteSheet = (id: string) => http<void>(`/api/spreadsheets/${id}`, { method: 'DELETE' });

export const createColumn = (sheetId: string, dto: CreateColumnDto) => http<Column>(`/api/spreadsheets/${sheetId}/columns`, { method: 'POST', body: dto });

/** One page of rows; `params` carries limit, offset, sort and filter exactly as the API takes them. */
export const fetchRows = (sheetId: string, params: URLSearchParams, signal?: AbortSignal) => http<RowPage>(`/api/spreadsheets/${sheetId}/rows?${params}`, { signal });

/** Rows of a sheet a link cell may point to, read with `params` (a search by the first column; see linkSearch). */
export const linkTargetsQuery = (sheetId: string, params: URLSearchParams) =>
  queryOptions({
    queryKey: sheetKeys.linkTargets(sheetId, params.toString()),
    queryFn: ({ signal }) => fetchRows(sheetId, params, signal),
    // The last answer stays listed while the next search runs, so the list does not blink at every key.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const fetchRow = (sheetId: string, rowId: string) => http<Row>(`/api/spreadsheets/${sheetId}/rows/${rowId}`);

export const updateCells = (sheetId: string, rowId: string, values: Record<string, unknown>) =>
  http<Row>(`/api/spreadsheets/${sheetId}/rows/${rowId}`, { method: 'PATCH', body: { values } });

export const createRows = (sheetId: string, rows: Record<string, unknown>[], beforeRowId?: string) =>
  http<Row[]>(`/api/spreadsheets/${sheetId}/rows`, { method: 'POST', body: { rows: rows.map((values) => ({ values })), ...(beforeRowId ? { beforeRowId } : {}) } });

export const deleteRow = (sheetId: string, rowId: string) => http<void>(`/api/spreadsheets/${sheetId}/rows/${rowId}`, { method: 'DELETE' });

export const putMember = (sheetId: string, userId: string, role: SheetRole) => http<Member>(`/api/spreadsheets/${sheetId}/members/${userId}`, { method: 'PUT', body: { role } });
export const removeMember = (sheetId: string, userId: string) => http<void>(`/api/spreadsheets/${sheetId}/members/${userId}`, { method: 'DELETE' });
export const searchUsers = (search: string) => http<Page<UserSummary>>(`/api/users?limit=8&search=${encodeURIComponent(search)}`);

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
    queryFn: ({ signal }) => http<Page<Change>>(`/api/spreadsheets/${sheetId}/history?rowId=${rowId}&limit=100`, { signal }),
  });
export const restoreChange = (sheetId: string, seq: number) => http<Row>(`/api/spreadsheets/${sheetId}/history/${seq}/restore`, { method: 'POST' });

export const importProgress = (sheetId: string, importId: string) => http<ImportProgress>(`/api/spreadsheets/${sheetId}/imports/${importId}`);
/** Uploads a CSV file; with a mapping, each CSV column goes where it says; a dry run changes nothing and reports. */
export const importCsv = (sheetId: string, file: Blob, importId: string, options: { mapping?: ImportMappingDto; dryRun?: boolean } = {}) => {
  const body = new FormData();
  // The mapping goes first: the server reads the fields before the file.
  if (options.mapping) body.append('mapping', JSON.stringify(options.mapping));
  body.append('file', file, file instanceof File ? file.name : 'sample.csv');
  const query = new URLSearchParams({ importId, ...(options.dryRun ? { dryRun: 'true' } : {}) });
  return http<ImportProgress>(`/api/spreadsheets/${sheetId}/import?${query}`, { method: 'POST', body });
};

export const updateColumn = (sheetId: string, columnId: string, dto: UpdateColumnDto) =>
  http<Column>(`/api/spreadsheets/${sheetId}/columns/${columnId}`, { method: 'PATCH', body: dto });
export const deleteColumn = (sheetId: string, columnId: string) => http<void>(`/api/spreadsheets/${sheetId}/columns/${columnId}`, { method: 'DELETE' });

/** Cells of several rows in one change (a pasted block). */
export const updateRows = (sheetId: string, updates: { rowId: string; values: Record<string, unknown> }[]) =>
  http<Row[]>(`/api/spreadsheets/${sheetId}/rows`, { method: 'PATCH', body: { updates } });

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
export function useAddRow(sheetId: string, callbacks: MutationCallbacks<Row[], { values: Record<string, unknown>; beforeRowId?: string }> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ values, beforeRowId }: { values: Record<string, unknown>; beforeRowId?: string }) => createRows(sheetId, [values], beforeRowId),
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
