import type { CellValue, Column, HiddenLinks, LinkedRow, Member, SelectOption } from '@contrivance/contracts';
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { Row } from '@contrivance/contracts';
import { isCellError, valueText } from '../../../lib/value-text';
import { OptionsEditor, type Choice, type OptionsEditorParams } from './OptionsEditor';
import { OptionsFilter, type OptionsFilterParams } from './OptionsFilter';

const currency = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

type Params = ICellRendererParams<Row, CellValue>;

function optionOf(column: Column, id: unknown): SelectOption | undefined {
  return column.options?.find((o) => o.id === id);
}

/** Chips drawn in a cell at most; the rest are counted ("+2") and every label is in the tooltip. */
const MAX_CHIPS = 3;

/** A coloured chip per option on one line (never wrapped out of the row); unknown ids are shown as they are. */
function Chips({ column, ids }: { column: Column; ids: string[] }) {
  const shown = ids.length > MAX_CHIPS ? ids.slice(0, MAX_CHIPS - 1) : ids;
  return (
    <span className="chips" title={ids.map((id) => optionOf(column, id)?.label ?? id).join(', ')}>
      {shown.map((id) => {
        const option = optionOf(column, id);
        return (
          <span key={id} className="chip" style={{ background: option?.color ? `${option.color}33` : undefined, borderColor: option?.color }}>
            {option?.label ?? id}
          </span>
        );
      })}
      {shown.length < ids.length && <span className="chip chip--more">+{ids.length - shown.length}</span>}
    </span>
  );
}

/**
 * A link cell: the text is plain (a click focuses the cell, as in any other), and a small icon beside it opens the
 * link, so moving around the grid never starts a mail client or a new tab by accident.
 */
function Linked({ text, href, label }: { text: string; href: string; label: string }) {
  return (
    <span className="linked-cell">
      <span className="linked-cell__text">{text}</span>
      {/* The arrow is drawn by CSS, so the cell's text stays exactly the value. */}
      <a className="linked-cell__open" href={href} target="_blank" rel="noopener noreferrer" aria-label={`${label} ${text}`} title={`${label} ${text}`} tabIndex={-1} />
    </span>
  );
}

const choicesOf = (column: Column): Choice[] => (column.options ?? []).map((o) => ({ id: o.id, label: o.label, color: o.color }));

/** The labelled list editor (in a popup, so the list is not clipped by the cell). */
const optionsEditor = (choices: Choice[], multiple: boolean) => ({
  cellEditor: OptionsEditor,
  cellEditorPopup: true,
  cellEditorPopupPosition: 'under' as const,
  cellEditorParams: { choices, multiple } satisfies OptionsEditorParams,
});

const textFilter = { filter: 'agTextColumnFilter', filterParams: { filterOptions: ['contains', 'equals', 'notEqual', 'blank', 'notBlank'], maxNumConditions: 1 } };
const numberFilter = {
  filter: 'agNumberColumnFilter',
  filterParams: { filterOptions: ['equals', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'blank', 'notBlank'], maxNumConditions: 1 },
};
const dateFilter = { filter: 'agDateColumnFilter', filterParams: { filterOptions: ['equals', 'greaterThan', 'lessThan', 'blank', 'notBlank'], maxNumConditions: 1 } };
/** A list to pick from (options, people, checked or not) instead of typing an internal id. */
const pickFilter = (params: OptionsFilterParams) => ({ filter: OptionsFilter, filterParams: params });

/**
 * A cell's value as people see it (and as a copy puts it on the clipboard): option labels, people's names, numbers
 * formatted as on screen, TRUE/FALSE. Each reads back into the grid when pasted (the server understands them all).
 */
export function cellText(column: Column, value: unknown, members: Member[]): string {
  if (value === null || value === undefined || value === '') return '';
  if (isCellError(value)) return value.error;
  if (column.type === 'formula' || column.type === 'rollup') return cellText({ ...column, type: column.resultType ?? 'text' }, value, members);
  if (column.type === 'link' || column.type === 'lookup') return linkedText(value);
  switch (column.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return typeof value === 'number' ? formatNumber(column, value) : valueText(value);
    case 'select':
      return optionOf(column, value)?.label ?? valueText(value);
    case 'multiSelect':
      return Array.isArray(value) ? value.map((id: unknown) => optionOf(column, id)?.label ?? valueText(id)).join(', ') : valueText(value);
    case 'user':
      return members.find((m) => m.userId === value)?.displayName ?? valueText(value);
    case 'checkbox':
      return value === true ? 'TRUE' : value === false ? 'FALSE' : valueText(value);
    default:
      return valueText(value);
  }
}

/**
 * A link cell as its linked rows' labels, or how many there are when the reader cannot see the other sheet; a lookup
 * as its values joined.
 */
function linkedText(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'hidden' in value) {
    const { count } = value as HiddenLinks;
    return `${count} linked row${count === 1 ? '' : 's'}`;
  }
  if (!Array.isArray(value)) return valueText(value);
  return value.map((v: unknown) => (typeof v === 'object' && v !== null && 'label' in v ? (v as LinkedRow).label : valueText(v))).join(', ');
}

function formatNumber(column: Column, v: number): string {
  return column.type === 'currency' ? currency.format(v) : column.type === 'percent' ? `${number.format(v)}%` : number.format(v);
}

/**
 * One ag-grid column per sheet column: the value lives in `row.values[column.id]`, sorting and filtering happen on
 * the server, and each type gets its editor and renderer. Values typed by people go to the API as is; the server
 * normalises them (e.g. "$1,200" or an option label), so the grid shows exactly what was stored.
 */
export function toColumnDef(column: Column, members: Member[], editable: boolean): ColDef<Row, CellValue> {
  if (column.type === 'formula' || column.type === 'rollup') return formulaColumnDef(column, members);
  if (column.type === 'link' || column.type === 'lookup') return linkedColumnDef(column);
  const base: ColDef<Row, CellValue> = {
    colId: column.id,
    headerName: column.name,
    field: `values.${column.id}` as never,
    // Only formula cells hold `{ error }`; the formula case below reads those.
    valueGetter: (p) => (p.data?.values[column.id] ?? null) as CellValue,
    valueSetter: (p) => {
      if (!p.data) return false;
      // ag-grid expects the row object itself to change; the server's answer replaces it right after. A cleared cell may
      // come as undefined, kept as is: it reads as empty (the valueGetter's `?? null`), like a value never set.
      p.data.values = { ...p.data.values, [column.id]: p.newValue as CellValue };
      return true;
    },
    width: column.width ?? 160,
    hide: column.hidden,
    editable,
    sortable: true,
    headerTooltip: `${column.name} (${column.type})${column.required ? ', required' : ''}`,
  };
  switch (column.type) {
    case 'number':
    case 'currency':
    case 'percent': {
      const format = (v: unknown) => (typeof v !== 'number' ? '' : formatNumber(column, v));
      return {
        ...base,
        ...numberFilter,
        cellDataType: 'number',
        cellEditor: 'agNumberCellEditor',
        type: 'rightAligned',
        valueFormatter: (p: ValueFormatterParams<Row, CellValue>) => format(p.value),
      };
    }
    case 'date':
      return { ...base, ...dateFilter, cellDataType: 'dateString', cellEditor: 'agDateStringCellEditor' };
    case 'checkbox':
      return {
        ...base,
        ...pickFilter({ choices: [], pick: 'one', kind: 'checkbox' }),
        // Never ticked reads as unticked: the box is drawn empty (not half-ticked) and the editor has two states.
        valueGetter: (p) => (p.data ? p.data.values[column.id] === true : null),
        cellDataType: 'boolean',
        cellEditor: 'agCheckboxCellEditor',
        cellRenderer: 'agCheckboxCellRenderer',
      };
    case 'select':
      return {
        ...base,
        ...pickFilter({ choices: choicesOf(column), pick: 'many', kind: 'options' }),
        cellDataType: 'text',
        valueFormatter: (p: ValueFormatterParams<Row, CellValue>) => (p.value ? (optionOf(column, p.value)?.label ?? String(p.value)) : ''),
        ...optionsEditor(choicesOf(column), false),
        cellRenderer: (p: Params) => (p.value ? <Chips column={column} ids={[String(p.value)]} /> : null),
      };
    case 'multiSelect':
      return {
        ...base,
        ...pickFilter({ choices: choicesOf(column), pick: 'many', kind: 'options' }),
        cellDataType: 'object',
        valueFormatter: (p: ValueFormatterParams<Row, CellValue>) => (Array.isArray(p.value) ? p.value.map((id) => optionOf(column, id)?.label ?? id).join(', ') : ''),
        valueParser: (p) => p.newValue,
        ...optionsEditor(choicesOf(column), true),
        cellRenderer: (p: Params) => (Array.isArray(p.value) ? <Chips column={column} ids={p.value} /> : null),
      };
    case 'user': {
      const name = (id: CellValue | undefined) => members.find((m) => m.userId === id)?.displayName ?? (id ? String(id) : '');
      const people = members.map((m) => ({ id: m.userId, label: m.displayName, hint: m.email }));
      return {
        ...base,
        ...pickFilter({ choices: people, pick: 'one', kind: 'person' }),
        cellDataType: 'text',
        ...optionsEditor(people, false),
        valueFormatter: (p: ValueFormatterParams<Row, CellValue>) => name(p.value),
      };
    }
    case 'email':
      return {
        ...base,
        ...textFilter,
        cellDataType: 'text',
        cellRenderer: (p: Params) => (p.value ? <Linked text={String(p.value)} href={`mailto:${String(p.value)}`} label="Write to" /> : null),
      };
    case 'url':
      return {
        ...base,
        ...textFilter,
        cellDataType: 'text',
        cellRenderer: (p: Params) => (p.value ? <Linked text={String(p.value)} href={String(p.value)} label="Open" /> : null),
      };
    case 'longText':
      return { ...base, ...textFilter, cellDataType: 'text', cellEditor: 'agLargeTextCellEditor', cellEditorPopup: true };
    default:
      return { ...base, ...textFilter, cellDataType: 'text' };
  }
}

/** What each code a failed formula cell shows means. */
export const FORMULA_ERROR_MEANINGS: Record<string, string> = {
  '#DIV/0!': 'Division by zero (or by an empty cell)',
  '#NUM!': 'The number is too large',
  '#ERROR!': 'The formula could not be computed for this row',
};

/** A failed formula cell: its code, with what it means on hover. */
function ErrorCell({ error }: { error: string }) {
  const meaning = FORMULA_ERROR_MEANINGS[error] ?? 'The formula could not be computed for this row';
  return (
    <span className="cell-error" title={meaning}>
      {error}
    </span>
  );
}

/**
 * Link and lookup columns show the linked rows' labels (or their values), read-only in the grid for now: links are
 * written through the API. They sort and filter by that text on the server.
 */
function linkedColumnDef(column: Column): ColDef<Row, CellValue> {
  return {
    colId: column.id,
    headerName: column.name,
    valueGetter: (p) => linkedText(p.data?.values[column.id]),
    width: column.width ?? 200,
    hide: column.hidden,
    editable: false,
    sortable: true,
    cellClass: 'cell-linked',
    headerTooltip: `${column.name} (${column.type === 'link' ? 'links to another sheet' : 'looked up through a link'})`,
    ...textFilter,
    cellDataType: 'text',
  };
}

/**
 * A formula column shows and filters like a column of its result type, is never edited (the server computes it), and
 * shows a failed cell's error code.
 */
function formulaColumnDef(column: Column, members: Member[]): ColDef<Row, CellValue> {
  const shown = toColumnDef({ ...column, type: column.resultType ?? 'text' }, members, false);
  const format = shown.valueFormatter;
  const renderer: unknown = shown.cellRenderer;
  return {
    ...shown,
    editable: false,
    headerTooltip: `${column.name} (formula: ${column.formula ?? ''})`,
    // Raw, so a failed cell keeps its `{ error }` (a checkbox's getter would read it as unticked).
    valueGetter: (p) => {
      const value = p.data?.values[column.id];
      return (isCellError(value) ? value : column.resultType === 'checkbox' ? (p.data ? value === true : null) : (value ?? null)) as CellValue;
    },
    valueFormatter: (p: ValueFormatterParams<Row, CellValue>) => (isCellError(p.value) ? p.value.error : typeof format === 'function' ? format(p) : valueText(p.value ?? '')),
    cellRendererSelector: (p: Params) => (isCellError(p.value) ? { component: ErrorCell, params: { error: p.value.error } } : renderer ? { component: renderer } : undefined),
    cellRenderer: undefined,
  };
}
