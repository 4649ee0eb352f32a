import { COMPUTED_COLUMN_TYPES, type Column, type ColumnType, type ImportMappingDto, type ImportProgress, type Member } from '@contrivance/contracts';
import Papa from 'papaparse';
import { useEffect, useMemo, useState } from 'react';
import { Panel } from '../../../components/Panel';
import { Spinner } from '../../../components/Spinner';
import { ApiError } from '../../../lib/api-error';
import { importCsv } from '../api/spreadsheets.api';
import { PICKABLE_TYPES, TYPE_LABELS } from '../components/column-types';
import { guessType } from './guess-type';

/** How much of the file is read in the browser for the header, the guesses and the preview. */
const SAMPLE_BYTES = 512 * 1024;
/** Rows of the sample checked by the server (a dry run) for what would be rejected. */
const CHECKED_ROWS = 1000;
const PREVIEW_ROWS = 5;

/** One CSV column's destination, as chosen in the dialog. */
export type Target = { kind: 'existing'; columnId: string } | { kind: 'new'; name: string; type: ColumnType; options?: string[] } | { kind: 'skip' };

interface Sample {
  header: string[];
  rows: string[][];
}

async function readSample(file: File): Promise<Sample> {
  const text = await file.slice(0, SAMPLE_BYTES).text();
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const rows = parsed.data;
  // A sample cut inside a line loses that line.
  if (file.size > SAMPLE_BYTES) rows.pop();
  const [header = [], ...body] = rows;
  return { header, rows: body };
}

/**
 * Where a CSV column named `name` goes at first: the column of that name, skipped when it is one the sheet fills itself
 * (a formula, lookup or rollup: the API refuses to import into those; a sheet's own export has them), else nowhere yet
 * (the caller guesses a new column). A link column takes the linked rows' names, as exports write them.
 */
export function existingTarget(name: string, columns: readonly Column[]): Target | null {
  const existing = columns.find((c) => c.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (!existing) return null;
  return COMPUTED_COLUMN_TYPES.includes(existing.type) ? { kind: 'skip' } : { kind: 'existing', columnId: existing.id };
}

/** The mapping the server takes, from the choices in the dialog. */
export function toMapping(targets: Target[]): ImportMappingDto {
  return {
    columns: targets.map((t, source) =>
      t.kind === 'skip'
        ? { source, skip: true }
        : t.kind === 'existing'
          ? { source, columnId: t.columnId }
          : {
              source,
              create: { name: t.name, type: t.type, ...(t.type === 'select' || t.type === 'multiSelect' ? { options: (t.options ?? []).map((label) => ({ label })) } : {}) },
            },
    ),
  };
}

/**
 * The step before an import: each CSV column goes into an existing column (matched by name), or a new one whose type
 * is guessed from the data (numbers, money, percentages, dates, yes/no, emails, links, people, a select when a few
 * values repeat) — each choice adjustable — with the first rows shown and a check, by the server on the first rows,
 * of what would be rejected.
 */
export function ImportMapping({
  sheetId,
  file,
  columns,
  members,
  onImport,
  onCancel,
}: {
  sheetId: string;
  file: File;
  columns: Column[];
  members: Member[];
  onImport: (mapping: ImportMappingDto) => void;
  onCancel: () => void;
}) {
  const [sample, setSample] = useState<Sample | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [targets, setTargets] = useState<Target[]>([]);
  const [check, setCheck] = useState<{ state: 'checking' } | { state: 'done'; result: ImportProgress } | { state: 'failed'; message: string } | null>(null);

  useEffect(() => {
    let active = true;
    readSample(file).then(
      (read) => {
        if (!active) return;
        setSample(read);
        setTargets(
          read.header.map((name, i) => {
            const existing = existingTarget(name, columns);
            if (existing) return existing;
            const guess = guessType(
              read.rows.map((r) => r[i] ?? ''),
              members,
            );
            return { kind: 'new', name: name.trim().slice(0, 100) || `Column ${i + 1}`, type: guess.type, options: guess.options };
          }),
        );
      },
      () => active && setReadError('The file could not be read.'),
    );
    return () => {
      active = false;
    };
  }, [file, columns, members]);

  const mapping = useMemo(() => toMapping(targets), [targets]);

  // The server checks the first rows with this mapping (a dry run), again after each change.
  useEffect(() => {
    if (!sample || !sample.header.length) return;
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      const csv = Papa.unparse([sample.header, ...sample.rows.slice(0, CHECKED_ROWS)]);
      importCsv(sheetId, new Blob([csv], { type: 'text/csv' }), crypto.randomUUID(), { mapping, dryRun: true }).then(
        (result) => setCheck({ state: 'done', result }),
        (error: unknown) => setCheck({ state: 'failed', message: error instanceof ApiError ? error.message : 'The check failed.' }),
      );
    }, 400);
    return () => clearTimeout(timer);
  }, [sample, mapping, sheetId]);

  const set = (i: number, target: Target) => setTargets((all) => all.map((t, j) => (j === i ? target : t)));
  const used = new Set(targets.flatMap((t) => (t.kind === 'existing' ? [t.columnId] : [])));

  if (readError) {
    return (
      <Panel title="Import a CSV file" onClose={onCancel}>
        <p className="notice notice--error" role="alert">
          {readError}
        </p>
      </Panel>
    );
  }
  if (!sample) {
    return (
      <Panel title="Import a CSV file" onClose={onCancel}>
        <Spinner label="Reading the file…" />
      </Panel>
    );
  }
  const checked = Math.min(sample.rows.length, CHECKED_ROWS);
  return (
    <Panel title={`Import ${file.name}`} onClose={onCancel}>
      <p className="muted">Choose where each column of the file goes. New columns get the type their values look like; change it if it is wrong.</p>
      <div className="table-scroll">
        <table className="import-mapping" aria-label="Where each column of the file goes">
          <thead>
            <tr>
              <th scope="col">In the file</th>
              <th scope="col">Goes into</th>
              <th scope="col">Type</th>
              <th scope="col">First values</th>
            </tr>
          </thead>
          <tbody>
            {sample.header.map((name, i) => {
              const target = targets[i];
              if (!target) return null;
              const choice = target.kind === 'existing' ? target.columnId : target.kind;
              return (
                <tr key={i}>
                  <th scope="row">{name || `(column ${i + 1})`}</th>
                  <td>
                    <select
                      aria-label={`Where “${name}” goes`}
                      value={choice}
                      onChange={(e) => {
                        const v = e.target.value;
                        if (v === 'skip') set(i, { kind: 'skip' });
                        else if (v === 'new') {
                          const guess = guessType(
                            sample.rows.map((r) => r[i] ?? ''),
                            members,
                          );
                          set(i, { kind: 'new', name: name.trim().slice(0, 100) || `Column ${i + 1}`, type: guess.type, options: guess.options });
                        } else set(i, { kind: 'existing', columnId: v });
                      }}
                    >
                      <option value="new">A new column</option>
                      {columns.map((c) => (
                        <option key={c.id} value={c.id} disabled={(used.has(c.id) && choice !== c.id) || COMPUTED_COLUMN_TYPES.includes(c.type)}>
                          {c.name}
                          {COMPUTED_COLUMN_TYPES.includes(c.type) && ` (${TYPE_LABELS[c.type].toLowerCase()}: not imported)`}
                          {c.type === 'link' && ' (link: by the linked rows’ names)'}
                        </option>
                      ))}
                      <option value="skip">Skip this column</option>
                    </select>
                  </td>
                  <td>
                    {target.kind === 'new' ? (
                      <select
                        aria-label={`Type of the new column “${name}”`}
                        value={target.type}
                        onChange={(e) => {
                          const type = e.target.value as ColumnType;
                          const options =
                            type === 'select' || type === 'multiSelect'
                              ? (target.options ?? [...new Set(sample.rows.map((r) => (r[i] ?? '').trim()).filter(Boolean))].slice(0, 50))
                              : undefined;
                          set(i, { ...target, type, options });
                        }}
                      >
                        {PICKABLE_TYPES.map((t) => (
                          <option key={t} value={t}>
                            {TYPE_LABELS[t]}
                          </option>
                        ))}
                      </select>
                    ) : target.kind === 'existing' ? (
                      <span className="muted">{TYPE_LABELS[columns.find((c) => c.id === target.columnId)?.type ?? 'text']}</span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    {target.kind === 'new' && target.type === 'select' && target.options && <span className="muted import-mapping__options"> {target.options.length} options</span>}
                  </td>
                  <td className="import-mapping__sample">
                    {sample.rows
                      .slice(0, 3)
                      .map((r) => r[i] ?? '')
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h3>The first rows</h3>
      <div className="table-scroll">
        <table className="import-preview" aria-label="The first rows of the file">
          <thead>
            <tr>
              {sample.header.map((name, i) => (
                <th key={i} scope="col" className={targets[i]?.kind === 'skip' ? 'import-preview--skipped' : undefined}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sample.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
              <tr key={r}>
                {sample.header.map((_, i) => (
                  <td key={i} className={targets[i]?.kind === 'skip' ? 'import-preview--skipped' : undefined}>
                    {row[i] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="import-check" role="status" aria-live="polite">
        {check?.state === 'checking' && <Spinner label={`Checking the first ${checked.toLocaleString()} rows…`} />}
        {check?.state === 'failed' && <p className="notice notice--error">{check.message}</p>}
        {check?.state === 'done' &&
          (check.result.rejectedCount ? (
            <div className="notice notice--error">
              <p>
                {check.result.rejectedCount.toLocaleString()} of the first {checked.toLocaleString()} rows would be rejected, and then nothing is imported:
              </p>
              <ul className="rejected-lines" aria-label="Lines that would be rejected">
                {check.result.rejected.slice(0, 10).map((line) => (
                  <li key={`${line.line}-${line.column ?? ''}`}>
                    line {line.line}: {line.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="notice notice--ok">
              The first {checked.toLocaleString()} rows are fine{file.size > SAMPLE_BYTES ? ' (the rest is checked as it is imported)' : ''}.
            </p>
          ))}
      </div>

      <div className="form__actions">
        <button type="button" className="button" onClick={() => onImport(mapping)} disabled={!targets.some((t) => t.kind !== 'skip')}>
          Import
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Panel>
  );
}
