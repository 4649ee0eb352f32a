import { keepPreviousData, queryOptions } from '@tanstack/react-query';
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

export const sheetKeys = {
  all: ['spreadsheets'] as const,
  list: (search: string) => [...sheetKeys.all, 'list', { search }] as const,
  detail: (id: string) => [...sheetKeys.all, 'detail', id] as const,
  members: (id: string) => [...sheetKeys.all, 'members', id] as const,
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
export const fetchRows = (sheetId: string, params: URLSearchParams, signal?: AbortSignal) =>
  http<RowPage>(`/api/spreadsheets/${sheetId}/rows?${params}`, { signal });

export const fetchRow = (sheetId: string, rowId: string) => http<Row>(`/api/spreadsheets/${sheetId}/rows/${rowId}`);

export const updateCells = (sheetId: string, rowId: string, values: Record<string, unknown>) =>
  http<Row>(`/api/spreadsheets/${sheetId}/rows/${rowId}`, { method: 'PATCH', body: { values } });

export const createRows = (sheetId: string, rows: Record<string, unknown>[], beforeRowId?: string) =>
  http<Row[]>(`/api/spreadsheets/${sheetId}/rows`, { method: 'POST', body: { rows: rows.map((values) => ({ values })), ...(beforeRowId ? { beforeRowId } : {}) } });

export const deleteRow = (sheetId: string, rowId: string) => http<void>(`/api/spreadsheets/${sheetId}/rows/${rowId}`, { method: 'DELETE' });

export const putMember = (sheetId: string, userId: string, role: SheetRole) =>
  http<Member>(`/api/spreadsheets/${sheetId}/members/${userId}`, { method: 'PUT', body: { role } });
export const removeMember = (sheetId: string, userId: string) => http<void>(`/api/spreadsheets/${sheetId}/members/${userId}`, { method: 'DELETE' });
export const searchUsers = (search: string) => http<Page<UserSummary>>(`/api/users?limit=8&search=${encodeURIComponent(search)}`);

export const rowHistoryQuery = (sheetId: string, rowId: string) =>
  queryOptions({
    queryKey: [...sheetKeys.all, 'history', sheetId, rowId] as const,
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
