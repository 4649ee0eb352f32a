import { CreateApiTokenDto, TOKEN_SCOPES, type ApiToken, type CreatedApiToken, type TokenScope } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DataTable } from '../../../components/DataTable';
import { useDialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { formatDate } from '../../../lib/format';
import { useDtoForm } from '../../../lib/use-dto-form';
import { tokensQuery, useCreateToken, useRevokeToken } from '../api/tokens.api';

const EXPIRY_CHOICES = [
  { label: 'Never', days: 0 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

const SCOPE_HELP: Record<TokenScope, string> = {
  read: 'Read only: every write is refused',
  write: 'Read and write, with your permissions',
};

export function ApiTokensPage() {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  return (
    <section className="page stack" aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p className="muted">
        Tokens let scripts and integrations call the API as you. Send one as <code>Authorization: Bearer &lt;token&gt;</code>. See the <a href="/api/docs">API reference</a>.
      </p>
      <CreateTokenForm onCreated={setCreated} />
      {created && <NewTokenSecret token={created} onDone={() => setCreated(null)} />}
      <TokenList />
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const [days, setDays] = useState(0);
  const form = useDtoForm(CreateApiTokenDto, { name: '', scope: 'read' });
  const create = useCreateToken({
    onSuccess: (token) => {
      onCreated(token);
      form.setValues({ name: '', scope: 'read' });
    },
    onError: form.showError,
  });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (!dto) return;
    const expiresAt = days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined;
    create.mutate({ name: dto.name, scope: dto.scope, ...(expiresAt ? { expiresAt } : {}) });
  };
  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-label="New token">
      <h2>New token</h2>
      <Field label="Name" placeholder="e.g. CRM sync" value={form.values.name} error={form.fieldErrors.name} onChange={(e) => form.set('name', e.target.value)} />
      <fieldset className="field">
        <legend className="field__label">Scope</legend>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope} className="choice">
            <input type="radio" name="scope" value={scope} checked={form.values.scope === scope} onChange={() => form.set('scope', scope)} />
            <span>
              <strong>{scope}</strong> — {SCOPE_HELP[scope]}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor="token-expiry">
          Expires
        </label>
        <select id="token-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.days} value={c.days}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <FormMessage error={form.formError} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}

function NewTokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(token.token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="card secret" role="region" aria-label="New token secret">
      <p>
        <strong>Copy your new token now.</strong> It will not be shown again.
      </p>
      <div className="secret__row">
        <code className="secret__value" data-testid="new-token">
          {token.token}
        </code>
        <button type="button" className="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <button type="button" className="button button--ghost" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

function TokenList() {
  const { data, isPending, error } = useQuery(tokensQuery());
  const revoke = useRevokeToken();
  const { confirm, dialog } = useDialog();
  const onRevoke = (token: ApiToken) =>
    void confirm({ title: `Revoke “${token.name}”?`, message: 'Anything using it will stop working at once.', confirmLabel: 'Revoke', danger: true }).then(
      (yes) => yes && revoke.mutate(token.id),
    );
  if (isPending) return <Spinner label="Loading tokens…" />;
  if (error) return <FormMessage error={error.message} />;
  if (!data.items.length) return <p className="empty-state muted">No tokens yet.</p>;
  return (
    <div className="card">
      {dialog}
      <FormMessage error={revoke.error?.message} />
      <DataTable
        caption="Your API tokens"
        rows={data.items}
        rowKey={(token) => token.id}
        columns={[
          { key: 'name', header: 'Name', cell: (token) => token.name },
          { key: 'prefix', header: 'Token', cell: (token) => <code>{token.prefix}…</code> },
          { key: 'scope', header: 'Scope', cell: (token) => token.scope },
          { key: 'created', header: 'Created', cell: (token) => formatDate(token.createdAt) },
          { key: 'expires', header: 'Expires', cell: (token) => (token.expiresAt ? formatDate(token.expiresAt) : 'Never') },
          { key: 'used', header: 'Last used', cell: (token) => (token.lastUsedAt ? formatDate(token.lastUsedAt) : 'Never') },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            cell: (token) => (
              <button type="button" className="button button--danger button--small" onClick={() => onRevoke(token)} disabled={revoke.isPending}>
                Revoke
              </button>
            ),
          },
        ]}
      />
    </div>
  );
}
