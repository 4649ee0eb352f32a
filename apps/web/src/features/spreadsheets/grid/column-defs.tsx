import type { CellValue, Column, Member } from '@contrivance/contracts';
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { Row } from '@contrivance/contracts';
import { isCellError, isHiddenLinks, linkedText, valueText } from '../../../lib/value-text';
import { formatNumber, optionOf } from './cell-text';
import { chipsOf, HIDDEN_EXPLANATION, hiddenText, linkedRowsOf, rowLabel, sameLinks } from './link-cells';
import { FORMULA_ERROR_MEANINGS } from './formula-errors';
import { LinkEditor, type LinkEditorParams } from './LinkEditor';
import { OptionsEditor, type Choice, type OptionsEditorParams } from './OptionsEditor';
import { OptionsFilter, type OptionsFilterParams } from './OptionsFilter';

type Params = ICellRendererParams<Row, CellValue>;

/** A coloured chip per option on one line (never wrapped out of the row); unknown ids are shown as they are. */
function Chips({ column, ids }: { column: Column; ids: string[] }) {
  const { shown, more, title } = chipsOf(ids.map((id) => optionOf(column, id)?.label ?? id));
  return (
    <span className="chips" title={title}>
      {shown.map((label, i) => {
        const option = optionOf(column, ids[i]);
        return (
          <span key={ids[i]} className="chip" style={{ background: option?.color ? `${option.color}33` : undefined, borderColor: option?.color }}>
            {label}
          </span>
        );
      })}
      {more > 0 && <span className="chip chip--more">+{more}</span>}
    </span>
  );
}

/**
 * A link cell: its linked rows' labels as chips (a couple, then "+N"), or only how many rows it links for a reader who
 * cannot see the other sheet, with why on hover.
 */
function LinkChips({ value }: { value: unknown }) {
  if (isHiddenLinks(value)) {
    return (
      <span className="link-hidden" title={HIDDEN_EXPLANATION}>
        {hiddenText(value)}
      </span>
    );
  }
  const { shown, more, title } = chipsOf(linkedRowsOf(value).map(rowLabel));
  if (!shown.length) return null;
  return (
    <span className="chips" title={title}>
      {shown.map((label, i) => (
        <span key={i} className="chip link-chip">
          {label}
        </span>
      ))}
      {more > 0 && <span className="chip chip--more">+{more}</span>}
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
 * One ag-grid column per sheet column: the value lives in `row.values[column.id]`, sorting and filtering happen on
 * the server, and each type gets its editor and renderer. Values typed by people go to the API as is; the server
 * normalises them (e.g. "$1,200" or an option label), so the grid shows exactly what was stored.
 */
export function toColumnDef(column: Column, members: Member[], editable: boolean): ColDef<Row, CellValue> {
  if (column.type === 'formula') return formulaColumnDef(column, members);
  if (column.type === 'rollup') return rollupColumnDef(column, members);
  if (column.type === 'link') return linkColumnDef(column, editable);
  if (column.type === 'lookup') return lookupColumnDef(column);
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
 * A link column: chips of the linked rows' labels, edited in the link editor (which searches the other sheet) by
 * editors, never in a cell that only counts the rows (the reader cannot see that sheet). The cell holds the rows with
 * their labels as read; the grid saves their ids. Sorted and filtered by the labels on the server.
 */
function linkColumnDef(column: Column, editable: boolean): ColDef<Row, CellValue> {
  return {
    colId: column.id,
    headerName: column.name,
    // The rows with their labels (or the count of hidden ones), as read: the renderer and the editor take them as they are.
    valueGetter: (p) => (p.data?.values[column.id] ?? null) as CellValue,
    valueSetter: (p) => {
      if (!p.data) return false;
      p.data.values = { ...p.data.values, [column.id]: p.newValue as CellValue };
      return true;
    },
    valueFormatter: (p: ValueFormatterParams<Row, CellValue>) => linkedText(p.value),
    valueParser: (p) => p.newValue,
    equals: sameLinks,
    cellDataType: 'object',
    cellRenderer: (p: Params) => <LinkChips value={p.value} />,
    editable: (p) => editable && !isHiddenLinks(p.data?.values[column.id]),
    cellEditor: LinkEditor,
    cellEditorPopup: true,
    cellEditorPopupPosition: 'under',
    cellEditorParams: { sheetId: column.link?.sheetId ?? '' } satisfies LinkEditorParams,
    width: column.width ?? 200,
    hide: column.hidden,
    sortable: true,
    cellClass: 'cell-link',
    headerClass: 'column-header--link',
    headerTooltip: `${column.name} (links to rows of another sheet)`,
    ...textFilter,
  };
}

/** A lookup column: the linked rows' values of a field, read-only (computed by the server), marked as looked up. */
function lookupColumnDef(column: Column): ColDef<Row, CellValue> {
  return {
    colId: column.id,
    headerName: column.name,
    valueGetter: (p) => linkedText(p.data?.values[column.id]),
    width: column.width ?? 200,
    hide: column.hidden,
    editable: false,
    sortable: true,
    cellClass: 'cell-lookup',
    headerClass: 'column-header--lookup',
    headerTooltip: `${column.name} (looked up through a link; read-only)`,
    ...textFilter,
    cellDataType: 'text',
  };
}

/** A rollup column: shown like a formula of its result type (it is computed by the server too), marked as rolled up. */
function rollupColumnDef(column: Column, members: Member[]): ColDef<Row, CellValue> {
  const shown = formulaColumnDef(column, members);
  // Numbers stay right-aligned: these classes replace those of the column type.
  const right = shown.type === 'rightAligned';
  return {
    ...shown,
    cellClass: right ? ['cell-rollup', 'ag-right-aligned-cell'] : 'cell-rollup',
    headerClass: right ? ['column-header--rollup', 'ag-right-aligned-header'] : 'column-header--rollup',
    headerTooltip: `${column.name} (${column.rollup?.fn ?? 'rollup'} of the linked rows; read-only)`,
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
