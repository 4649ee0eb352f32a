import type { Column, FilterOperator, Member, View, ViewFilterCondition, ViewFilterGroup } from '@contrivance/contracts';
import { useState } from 'react';
import { FormMessage } from '../../../components/FormMessage';
import { Panel } from '../../../components/Panel';
import { filterKind, incomplete, needsValue, newCondition, OPERATOR_LABELS, operatorsFor, withOperator } from './filter-model';

type Item = ViewFilterCondition | ViewFilterGroup;
const isGroup = (c: Item): c is ViewFilterGroup => 'conditions' in c;

/** What the builder saves: the filter into the view being shown, or a new view with it. */
export type FilterSave = { kind: 'update'; filter: ViewFilterGroup | null } | { kind: 'create'; name: string; shared: boolean; filter: ViewFilterGroup | null };

function ValueInput({
  column,
  condition,
  members,
  label,
  onChange,
}: {
  column: Column;
  condition: ViewFilterCondition;
  members: Member[];
  label: string;
  onChange: (c: ViewFilterCondition) => void;
}) {
  if (!needsValue(condition.operator)) return null;
  const kind = filterKind(column);
  const set = (value: ViewFilterCondition['value']) => onChange({ ...condition, value });
  if (kind === 'checkbox') {
    return (
      <select aria-label={label} value={String(condition.value)} onChange={(e) => set(e.target.value === 'true')}>
        <option value="true">checked</option>
        <option value="false">not checked</option>
      </select>
    );
  }
  if (kind === 'select' || kind === 'multiSelect') {
    const chosen = Array.isArray(condition.value) ? condition.value : condition.value ? [String(condition.value)] : [];
    if (condition.operator !== 'in') {
      return (
        <select aria-label={label} value={chosen[0] ?? ''} onChange={(e) => set(e.target.value)}>
          <option value="">Choose…</option>
          {(column.options ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      );
    }
    return (
      <fieldset className="filter-builder__options" aria-label={label}>
        {(column.options ?? []).map((o) => (
          <label key={o.id} className="checkbox">
            <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => set(e.target.checked ? [...chosen, o.id] : chosen.filter((id) => id !== o.id))} />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  if (kind === 'person') {
    return (
      <select aria-label={label} value={String(condition.value ?? '')} onChange={(e) => set(e.target.value)}>
        <option value="">Choose…</option>
        {members.map((m) => (
          <option key={m.userId} value={m.userId}>
            {m.displayName}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      type={kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text'}
      value={String(condition.value ?? '')}
      onChange={(e) => set(kind === 'number' && e.target.value !== '' ? Number(e.target.value) : e.target.value)}
    />
  );
}

function GroupEditor({
  group,
  columns,
  members,
  depth,
  onChange,
}: {
  group: ViewFilterGroup;
  columns: Column[];
  members: Member[];
  depth: number;
  onChange: (g: ViewFilterGroup) => void;
}) {
  const update = (i: number, item: Item | null) =>
    onChange({ ...group, conditions: item ? group.conditions.map((c, j) => (j === i ? item : c)) : group.conditions.filter((_, j) => j !== i) });
  const add = (item: Item) => onChange({ ...group, conditions: [...group.conditions, item] });
  return (
    <div className={`filter-builder__group filter-builder__group--${depth}`} role="group" aria-label={depth === 1 ? 'Filter' : 'Group of conditions'}>
      <label className="filter-builder__match">
        Rows that match
        <select aria-label={depth === 1 ? 'Match' : 'Match in group'} value={group.op} onChange={(e) => onChange({ ...group, op: e.target.value as 'and' | 'or' })}>
          <option value="and">all</option>
          <option value="or">any</option>
        </select>
        of these:
      </label>
      <ul className="filter-builder__conditions">
        {group.conditions.map((item, i) => {
          if (isGroup(item)) {
            return (
              <li key={i}>
                <GroupEditor group={item} columns={columns} members={members} depth={depth + 1} onChange={(g) => update(i, g)} />
                <button type="button" className="button button--ghost button--small" onClick={() => update(i, null)}>
                  Remove group
                </button>
              </li>
            );
          }
          const column = columns.find((c) => c.id === item.columnId);
          const n = `condition ${i + 1}${depth > 1 ? ' of the group' : ''}`;
          return (
            <li key={i} className="filter-builder__condition">
              <select
                aria-label={`Column of ${n}`}
                value={item.columnId}
                onChange={(e) => {
                  const next = columns.find((c) => c.id === e.target.value);
                  if (next) update(i, newCondition(next));
                }}
              >
                {!column && <option value={item.columnId}>(deleted column)</option>}
                {columns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              {column && (
                <>
                  <select aria-label={`Operator of ${n}`} value={item.operator} onChange={(e) => update(i, withOperator(item, e.target.value as FilterOperator))}>
                    {operatorsFor(column).map((op) => (
                      <option key={op} value={op}>
                        {OPERATOR_LABELS[op]}
                      </option>
                    ))}
                  </select>
                  <ValueInput column={column} condition={item} members={members} label={`Value of ${n}`} onChange={(c) => update(i, c)} />
                </>
              )}
              <button type="button" className="button button--ghost button--small" aria-label={`Remove ${n}`} onClick={() => update(i, null)}>
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      <div className="filter-builder__add">
        <button type="button" className="button button--ghost button--small" disabled={!columns.length} onClick={() => add(newCondition(columns[0]))}>
          Add condition
        </button>
        {depth < 2 && (
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={!columns.length}
            onClick={() => add({ op: depth % 2 ? 'or' : 'and', conditions: [newCondition(columns[0])] })}
          >
            Add group
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * Builds a view's filter without any syntax: conditions on columns (the operators each type allows, typed values:
 * numbers, dates, options, people) joined by all/any, with one level of groups. Saves into the view being shown when
 * the person may change it, or as a new view (shared with everyone when they may edit the sheet, else personal).
 */
export function FilterBuilder({
  columns,
  members,
  view,
  canChangeView,
  canShare,
  saving,
  error,
  onSave,
  onClose,
}: {
  columns: Column[];
  members: Member[];
  view: View | null;
  canChangeView: boolean;
  canShare: boolean;
  saving: boolean;
  error: string | null;
  onSave: (save: FilterSave) => void;
  onClose: () => void;
}) {
  const [group, setGroup] = useState<ViewFilterGroup>(view?.filter ?? { op: 'and', conditions: [] });
  const [asNew, setAsNew] = useState(!view || !canChangeView);
  const [name, setName] = useState(view ? `${view.name} (copy)` : '');
  const [shared, setShared] = useState(canShare);
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    const missing = incomplete(group, columns);
    if (missing) return setProblem(missing);
    if (asNew && !name.trim()) return setProblem('Name the new view.');
    setProblem(null);
    const filter = group.conditions.length ? group : null;
    onSave(asNew ? { kind: 'create', name: name.trim(), shared: shared && canShare, filter } : { kind: 'update', filter });
  };
  return (
    <Panel title="Filter rows" onClose={onClose}>
      <form
        className="filter-builder stack"
        aria-label="Filter rows"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <GroupEditor group={group} columns={columns} members={members} depth={1} onChange={setGroup} />
        {view && canChangeView && (
          <label className="checkbox">
            <input type="checkbox" checked={asNew} onChange={(e) => setAsNew(e.target.checked)} />
            Save as a new view instead of changing “{view.name}”
          </label>
        )}
        {asNew && (
          <>
            <label>
              View name
              <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={shared && canShare} disabled={!canShare} onChange={(e) => setShared(e.target.checked)} />
              Share with everyone in this spreadsheet{!canShare && ' (editors and owners only: yours stays personal)'}
            </label>
          </>
        )}
        <FormMessage error={problem ?? error} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={saving}>
            {saving ? 'Saving…' : asNew ? 'Save view' : `Save “${view?.name}”`}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Panel>
  );
}
