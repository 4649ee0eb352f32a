import type { Column, RollupFunction } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { sheetListQuery, sheetQuery } from '../api/spreadsheets.api';
import { TYPE_LABELS } from './column-types';
import { functionChoices, linkableSheets, linkColumns, readableFields, type LinkedPicks } from './linked-columns';

/** A labelled list to pick from, with its hint and inline error (as Field is for inputs). */
function PickField({
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {children}
      </select>
      {hint && (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * The picks of a new link, lookup or rollup column: the sheet to link to (among those this person can edit), or the
 * link column to read through, the linked sheet's field, and for a rollup the functions that field accepts, with the
 * type the rollup will show. Errors come by the API's field names (`rollup.fn`).
 */
export function LinkedColumnFields({
  sheetId,
  type,
  columns,
  picks,
  onChange,
  errorOf,
}: {
  sheetId: string;
  type: 'link' | 'lookup' | 'rollup';
  columns: Column[];
  picks: LinkedPicks;
  onChange: (picks: LinkedPicks) => void;
  errorOf: (field: string) => string | undefined;
}) {
  // Read afresh: a sheet made or shared a moment ago (elsewhere) is one to link to.
  const sheets = useQuery({ ...sheetListQuery(''), enabled: type === 'link', staleTime: 0 });
  const links = linkColumns(columns);
  const link = links.find((c) => c.id === picks.linkColumnId);
  const otherId = link?.link?.sheetId ?? '';
  const other = useQuery({ ...sheetQuery(otherId), enabled: type !== 'link' && !!otherId });
  const fields = readableFields(other.data?.columns ?? []);
  const field = fields.find((c) => c.id === picks.columnId);
  const choices = functionChoices(field);
  const chosen = choices.find((c) => c.fn === picks.fn);

  if (type === 'link') {
    const targets = linkableSheets(sheets.data?.items ?? [], sheetId);
    return (
      <PickField
        label="Sheet to link to"
        value={picks.sheetId}
        onChange={(id) => onChange({ ...picks, sheetId: id })}
        error={errorOf('link.sheetId') ?? errorOf('link')}
        disabled={sheets.isPending}
        hint={
          sheets.isSuccess && !targets.length
            ? 'There is no other sheet you can edit: create one first (linking needs edit access to both sheets).'
            : 'That sheet gets a link column back to this one.'
        }
      >
        <option value="">{sheets.isPending ? 'Loading sheets…' : 'Choose a sheet…'}</option>
        {targets.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </PickField>
    );
  }

  return (
    <>
      <PickField
        label="Through link"
        value={picks.linkColumnId}
        onChange={(id) => onChange({ ...picks, linkColumnId: id, columnId: '', fn: '' })}
        error={errorOf(`${type}.linkColumnId`) ?? errorOf(type)}
        hint={links.length ? undefined : 'This sheet has no link column yet: add a “Link to another sheet” column first.'}
      >
        <option value="">Choose a link column…</option>
        {links.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </PickField>
      <PickField
        label="Field"
        value={picks.columnId}
        onChange={(id) => {
          const next = functionChoices(fields.find((c) => c.id === id));
          // A function the new field still accepts is kept; otherwise the first it accepts is proposed.
          const fn: RollupFunction | '' = next.some((c) => c.fn === picks.fn) ? picks.fn : (next[0]?.fn ?? '');
          onChange({ ...picks, columnId: id, fn: type === 'rollup' ? fn : '' });
        }}
        error={errorOf(`${type}.columnId`) ?? (other.isError ? 'The linked sheet could not be read: you may not see it any more.' : undefined)}
        disabled={!link || other.isPending}
        hint={link && other.data ? `A field of ${other.data.name}.` : undefined}
      >
        <option value="">{link && other.isPending ? 'Loading fields…' : 'Choose a field…'}</option>
        {fields.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({TYPE_LABELS[c.type]})
          </option>
        ))}
      </PickField>
      {type === 'rollup' && (
        <PickField
          label="Function"
          value={picks.fn}
          onChange={(fn) => onChange({ ...picks, fn: fn as RollupFunction | '' })}
          error={errorOf('rollup.fn')}
          disabled={!field}
          hint={chosen && <span role="status">Result: {TYPE_LABELS[chosen.type]}</span>}
        >
          <option value="">Choose a function…</option>
          {choices.map((c) => (
            <option key={c.fn} value={c.fn}>
              {c.label}
            </option>
          ))}
        </PickField>
      )}
    </>
  );
}
