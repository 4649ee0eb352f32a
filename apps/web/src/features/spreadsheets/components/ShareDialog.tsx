import { SHEET_ROLES, type SheetRole } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { FormMessage } from '../../../components/FormMessage';
import { Panel } from '../../../components/Panel';
import { Spinner } from '../../../components/Spinner';
import { membersQuery, usePutMember, useRemoveMember, userSearchQuery } from '../api/spreadsheets.api';

/** Owners share the sheet: search people by name or email, pick a role, change or remove access. */
export function ShareDialog({ sheetId, onClose }: { sheetId: string; onClose: () => void }) {
  const members = useQuery(membersQuery(sheetId));
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<SheetRole>('editor');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);
  const found = useQuery(userSearchQuery(term));
  const put = usePutMember(sheetId);
  const remove = useRemoveMember(sheetId);
  const memberIds = new Set(members.data?.map((m) => m.userId));

  return (
    <Panel title="Share" onClose={onClose}>
      <div className="form form--inline">
        <label className="field">
          <span className="field__label">Add people</span>
          <input type="search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">As</span>
          <select value={role} onChange={(e) => setRole(e.target.value as SheetRole)}>
            {SHEET_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      {term && (
        <ul className="share__results" aria-label="Matching people">
          {found.isPending ? (
            <li>
              <Spinner />
            </li>
          ) : (
            found.data?.items
              .filter((u) => !memberIds.has(u.id))
              .map((u) => (
                <li key={u.id}>
                  <span>
                    {u.displayName} <span className="muted">{u.email}</span>
                  </span>
                  <button type="button" className="button button--small" onClick={() => put.mutate({ userId: u.id, role })}>
                    Add as {role}
                  </button>
                </li>
              ))
          )}
        </ul>
      )}
      <FormMessage error={(put.error ?? remove.error)?.message} />
      <DataTable
        caption="People with access"
        rows={members.data ?? []}
        rowKey={(m) => m.userId}
        columns={[
          {
            key: 'person',
            cell: (m) => (
              <>
                {m.displayName} <span className="muted">{m.email}</span>
              </>
            ),
          },
          {
            key: 'role',
            cell: (m) => (
              <select aria-label={`Role of ${m.displayName}`} value={m.role} onChange={(e) => put.mutate({ userId: m.userId, role: e.target.value as SheetRole })}>
                {SHEET_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            ),
          },
          {
            key: 'remove',
            cell: (m) => (
              <button type="button" className="button button--ghost button--small" onClick={() => remove.mutate(m.userId)}>
                Remove
              </button>
            ),
          },
        ]}
      />
    </Panel>
  );
}
