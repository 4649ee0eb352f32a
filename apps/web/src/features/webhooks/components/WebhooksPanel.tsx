import { CreateWebhookDto, WEBHOOK_EVENTS, type CreatedWebhook, type Webhook, type WebhookEvent } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DataTable } from '../../../components/DataTable';
import { useDialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { Panel } from '../../../components/Panel';
import { Spinner } from '../../../components/Spinner';
import { formatDateTime } from '../../../lib/format';
import { useDtoForm } from '../../../lib/use-dto-form';
import { deliveriesQuery, useCreateWebhook, useDeleteWebhook, webhooksQuery } from '../api/webhooks.api';

const KIND_LABELS: Record<WebhookEvent, string> = {
  cell: 'Cell edits',
  'row:create': 'Rows added',
  'row:delete': 'Rows deleted',
  'column:create': 'Columns added',
  'column:update': 'Columns changed',
  'column:delete': 'Columns deleted',
  import: 'Imports',
  restore: 'Restores',
  'view:update': 'Shared views saved',
  'view:delete': 'Shared views deleted',
  'comment.created': 'Comments added',
  'comment.updated': 'Comments edited',
  'comment.deleted': 'Comments deleted',
};

function Deliveries({ sheetId, webhook }: { sheetId: string; webhook: Webhook }) {
  const deliveries = useQuery(deliveriesQuery(sheetId, webhook.id));
  if (deliveries.isPending) return <Spinner label="Loading deliveries…" />;
  if (deliveries.error) return <p className="muted">Could not load deliveries.</p>;
  return (
    <DataTable
      label={`Deliveries to ${webhook.url}`}
      rows={deliveries.data.items}
      rowKey={(d) => d.id}
      empty={<p className="muted">No deliveries yet: they start with the next change.</p>}
      columns={[
        { key: 'version', header: 'Version', cell: (d) => d.version },
        { key: 'event', header: 'Event', cell: (d) => KIND_LABELS[d.event] ?? d.event },
        {
          key: 'status',
          header: 'Status',
          cell: (d) => (
            <>
              <span className={`chip chip--${d.status}`}>{d.status}</span>
              {d.nextAttemptAt && d.attempts > 0 && <span className="muted"> retry at {formatDateTime(d.nextAttemptAt)}</span>}
            </>
          ),
        },
        { key: 'attempts', header: 'Attempts', cell: (d) => d.attempts },
        { key: 'answer', header: 'Last answer', cell: (d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—') },
        { key: 'queued', header: 'Queued', cell: (d) => formatDateTime(d.createdAt) },
      ]}
    />
  );
}

/**
 * Owners connect other tools: a URL gets each committed change of the sheet as a signed POST. The signing secret is
 * shown once, right after creation; deliveries and their retries can be watched here.
 */
export function WebhooksPanel({ sheetId, onClose }: { sheetId: string; onClose: () => void }) {
  const hooks = useQuery(webhooksQuery(sheetId));
  const form = useDtoForm(CreateWebhookDto, { url: '' });
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { confirm, dialog } = useDialog();
  const add = useCreateWebhook(sheetId, {
    onSuccess: (hook) => {
      setCreated(hook);
      form.set('url', '');
      setEvents([]);
    },
    onError: form.showError,
  });
  const remove = useDeleteWebhook(sheetId);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (dto) add.mutate({ url: dto.url, ...(events.length ? { events } : {}) });
  };

  return (
    <Panel title="Webhooks" onClose={onClose}>
      {dialog}
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Add a webhook">
        <Field
          label="Endpoint URL"
          type="url"
          placeholder="https://example.com/hooks/contrivance"
          value={form.values.url}
          error={form.fieldErrors.url}
          onChange={(e) => form.set('url', e.target.value)}
        />
        <fieldset className="webhook-events">
          <legend className="field__label">Send (none ticked: everything)</legend>
          {WEBHOOK_EVENTS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={events.includes(kind)} onChange={(e) => setEvents((all) => (e.target.checked ? [...all, kind] : all.filter((k) => k !== kind)))} />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
        <FormMessage error={form.formError} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add webhook'}
          </button>
        </div>
      </form>
      {created && (
        <div className="notice" role="status">
          <p>
            Webhook added. Its signing secret is shown only now — store it with the receiving service:
            <br />
            <code className="secret" aria-label="Signing secret">
              {created.secret}
            </code>
          </p>
          <p className="muted">
            Each delivery carries <code>x-contrivance-signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of “t.body”&gt;</code>.
          </p>
        </div>
      )}
      {hooks.isPending ? (
        <Spinner label="Loading webhooks…" />
      ) : !hooks.data?.length ? (
        <p className="empty-state muted">No webhooks yet.</p>
      ) : (
        <ul className="webhooks">
          {hooks.data.map((hook) => (
            <li key={hook.id} className="card">
              <div className="toolbar">
                <strong>{hook.url}</strong>
                <span className="muted">{hook.events.length ? hook.events.map((k) => KIND_LABELS[k]).join(', ') : 'Everything'}</span>
                <button type="button" className="button button--ghost button--small" aria-expanded={open === hook.id} onClick={() => setOpen(open === hook.id ? null : hook.id)}>
                  {open === hook.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
                <button
                  type="button"
                  className="button button--danger button--small"
                  onClick={() =>
                    void confirm({ title: 'Delete this webhook?', message: `Changes stop being sent to ${hook.url}.`, confirmLabel: 'Delete webhook', danger: true }).then(
                      (yes) => yes && remove.mutate(hook.id),
                    )
                  }
                >
                  Delete
                </button>
              </div>
              {open === hook.id && <Deliveries sheetId={sheetId} webhook={hook} />}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
