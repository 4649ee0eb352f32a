import { ROLES, type Role, type User } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { useDialog } from '../../../components/Dialog';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import { useCurrentUser } from '../../auth';
import { adminUsersQuery, useDeactivateUser, useUpdateUser } from '../api/admin-users.api';

const PAGE_SIZE = 25;

export function AdminUsersPage() {
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const term = useDebounced(search.trim(), 250);
  useEffect(() => setOffset(0), [term]);
  const { data, isPending, error, isFetching } = useQuery(adminUsersQuery(term, offset, PAGE_SIZE));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  return (
    <section className="page stack" aria-labelledby="admin-users-title">
      <div className="page__header">
        <h1 id="admin-users-title">Users</h1>
        {isFetching && !isPending && <Spinner label="Updating…" />}
      </div>
      <label className="field field--inline">
        <span className="field__label">Search</span>
        <input type="search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <FormMessage error={message?.kind === 'error' ? message.text : null} success={message?.kind === 'ok' ? message.text : null} />
      {isPending ? (
        <Spinner label="Loading users…" />
      ) : error ? (
        <FormMessage error={error.message} />
      ) : data.items.length === 0 ? (
        <p className="empty-state muted">{term ? `No one matches “${term}”.` : 'No users yet.'}</p>
      ) : (
        <>
          <UsersTable users={data.items} onMessage={setMessage} />
          <nav className="pager" aria-label="Pages">
            <span>
              {(offset + 1).toLocaleString()}–{(offset + data.items.length).toLocaleString()} of {data.total.toLocaleString()}
            </span>
            <button type="button" className="button button--ghost button--small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Previous
            </button>
            <button type="button" className="button button--ghost button--small" disabled={offset + PAGE_SIZE >= data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function UsersTable({ users, onMessage }: { users: User[]; onMessage: (m: { kind: 'ok' | 'error'; text: string }) => void }) {
  const { user: me } = useCurrentUser();
  const update = useUpdateUser({
    onSuccess: (user, vars) => onMessage({ kind: 'ok', text: vars.role ? `${user.displayName} is now ${user.role}.` : `${user.displayName} was reactivated.` }),
    onError: (error) => onMessage({ kind: 'error', text: error.message }),
  });
  const deactivate = useDeactivateUser({
    onSuccess: (_, user) => onMessage({ kind: 'ok', text: `${user.displayName} was deactivated and signed out everywhere.` }),
    onError: (error) => onMessage({ kind: 'error', text: error.message }),
  });
  const busy = update.isPending || deactivate.isPending;
  const { confirm, dialog } = useDialog();
  const askToDeactivate = (user: User) =>
    void confirm({
      title: `Deactivate ${user.displayName}?`,
      message: 'They are signed out everywhere and cannot sign in until reactivated. Their sheets and edits stay.',
      confirmLabel: 'Deactivate',
      danger: true,
    }).then((yes) => yes && deactivate.mutate(user));

  return (
    <div className="card table-wrap">
      {dialog}
      <DataTable
        caption="All accounts"
        stacking
        rows={users}
        rowKey={(user) => user.id}
        rowClassName={(user) => (user.isActive ? undefined : 'row--inactive')}
        columns={[
          {
            key: 'name',
            header: 'Name',
            cell: (user) => (
              <>
                {user.displayName}
                {user.id === me?.id && <span className="badge">you</span>}
              </>
            ),
          },
          { key: 'email', header: 'Email', cell: (user) => user.email },
          {
            key: 'role',
            header: 'Role',
            cell: (user) => (
              <select aria-label={`Role of ${user.displayName}`} value={user.role} disabled={busy} onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}>
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            ),
          },
          { key: 'status', header: 'Status', cell: (user) => (user.isActive ? 'Active' : 'Deactivated') },
          { key: 'last-sign-in', header: 'Last sign-in', cell: (user) => (user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Never') },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            cell: (user) =>
              user.isActive ? (
                <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => askToDeactivate(user)}>
                  Deactivate
                </button>
              ) : (
                <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => update.mutate({ id: user.id, isActive: true })}>
                  Reactivate
                </button>
              ),
          },
        ]}
      />
    </div>
  );
}
