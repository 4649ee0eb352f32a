import type { Spreadsheet } from '@contrivance/contracts';
import { useState } from 'react';
import { formatCount } from '../../../lib/format';
import type { RowCount } from '../grid/SheetGrid';
import type { SheetPanels } from './useSheetPanels';
import type { View } from './useRememberedView';
import { isMac } from '../../../lib/keyboard';

const shortcut = (keys: string) => `${isMac() ? '⌘' : 'Ctrl'}+${keys}`;

export interface SheetHeaderProps {
  sheet: Spreadsheet;
  view: View;
  /** What the grid shows, when it has answered (filters narrow it). */
  gridCount: RowCount | null;
  onClearFilters: () => void;
  hasSelection: boolean;
  panels: SheetPanels;
  onAddRow: () => void;
  onInsertRowAbove: () => void;
  onDeleteRow: () => void;
  /** Undo and redo of my own steps (editors). */
  undo: { undo: () => void; redo: () => void; busy: 'undo' | 'redo' | null };
  /** Opens the selected row's detail panel (fields, comments, history). */
  onOpenRowDetails: () => void;
}

const UNDO_BUTTONS = {
  undo: { label: 'Undo', arrow: '↶', title: () => `Undo my last change (${shortcut('Z')})` },
  redo: { label: 'Redo', arrow: '↷', title: () => `Redo (${shortcut('Shift+Z')})` },
} as const;

/** Undo or redo as a compact arrow button, showing … while its request runs. */
function UndoButton({ direction, undo }: { direction: 'undo' | 'redo'; undo: SheetHeaderProps['undo'] }) {
  const { label, arrow, title } = UNDO_BUTTONS[direction];
  return (
    <button type="button" className="button button--ghost button--icon" aria-label={label} onClick={undo[direction]} disabled={!!undo.busy} title={title()}>
      {undo.busy === direction ? '…' : arrow}
    </button>
  );
}

/** The sheet's name, its size and my role, and the sheet and row actions (folded into a menu on narrow screens). */
export function SheetHeader({ sheet, view, gridCount, onClearFilters, hasSelection, panels, onAddRow, onInsertRowAbove, onDeleteRow, undo, onOpenRowDetails }: SheetHeaderProps) {
  const [actionsOpen, setActionsOpen] = useState(false);
  const editable = sheet.myRole !== 'viewer';
  return (
    <div className="sheet-header">
      <div className="sheet-header__title">
        <h1 id="sheet-title">{sheet.name}</h1>
        <p className="muted">
          {view === 'grid' && gridCount?.filtered ? (
            <>
              {gridCount.shown.toLocaleString()} of {formatCount(sheet.rowCount, 'row')} match the filters ·{' '}
              <button type="button" className="link-button" onClick={onClearFilters}>
                Clear filters
              </button>
            </>
          ) : (
            formatCount(sheet.rowCount, 'row')
          )}{' '}
          · you are {sheet.myRole === 'viewer' ? 'a viewer (read-only)' : `an ${sheet.myRole}`}
        </p>
      </div>
      <button
        type="button"
        className="button button--ghost button--small sheet-actions__toggle"
        aria-expanded={actionsOpen}
        aria-controls="sheet-actions"
        onClick={() => setActionsOpen((open) => !open)}
      >
        Actions
      </button>
      <div id="sheet-actions" className={`sheet-actions${actionsOpen ? ' sheet-actions--open' : ''}`}>
        <div className="toolbar" role="toolbar" aria-label="Sheet actions">
          {sheet.myRole === 'owner' && (
            <>
              <button type="button" className="button button--ghost" onClick={() => panels.open('share')}>
                Share
              </button>
              <button type="button" className="button button--ghost" onClick={() => panels.toggle('webhooks')}>
                Webhooks
              </button>
            </>
          )}
          <button type="button" className="button button--ghost" onClick={onOpenRowDetails} disabled={!hasSelection}>
            Row details
          </button>
          {editable && (
            <>
              {/* Compact (an arrow each, named for screen readers): the toolbar stays on one line beside the title. */}
              <UndoButton direction="undo" undo={undo} />
              <UndoButton direction="redo" undo={undo} />
            </>
          )}
        </div>
        {editable && view === 'grid' && (
          <div className="toolbar" role="toolbar" aria-label="Row actions">
            <button type="button" className="button" onClick={onAddRow}>
              Add row
            </button>
            <button type="button" className="button button--ghost" onClick={onInsertRowAbove} disabled={!hasSelection}>
              Insert row above
            </button>
            <button type="button" className="button button--ghost" onClick={() => panels.open('addColumn')}>
              Add column
            </button>
            <button type="button" className="button button--ghost" onClick={() => panels.toggle('columns')} disabled={!sheet.columns.length}>
              Columns
            </button>
            <button type="button" className="button button--danger" onClick={onDeleteRow} disabled={!hasSelection}>
              Delete row
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
