import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { Panel } from '../../../components/Panel';
import { Spinner } from '../../../components/Spinner';
import { documentColumns, sheetApiDocumentPath, sheetApiDocumentQuery, type SheetApiDocument } from './sheet-api-document';
import { buildSnippets, SNIPPET_ACTIONS, SNIPPET_LANGUAGES, TOKEN_VARIABLE, type Snippet } from './snippets';

/** A snippet with a Copy button that says whether the copy worked. */
function CopyableSnippet({ snippet }: { snippet: Snippet }) {
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () =>
    navigator.clipboard.writeText(snippet.code).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );
  const title = `${SNIPPET_ACTIONS[snippet.action]}: ${SNIPPET_LANGUAGES[snippet.language]}`;
  return (
    <figure className="api-snippet">
      <figcaption className="api-snippet__header">
        <span>{SNIPPET_LANGUAGES[snippet.language]}</span>
        <button type="button" className="button button--ghost button--small" onClick={copy} aria-label={`Copy ${title}`}>
          {copied === 'ok' ? 'Copied' : 'Copy'}
        </button>
        <span role="status" className="api-snippet__status">
          {copied === 'ok' ? 'Copied to the clipboard' : copied === 'failed' ? 'Could not copy: select the text and copy it' : ''}
        </span>
      </figcaption>
      {/* Focusable, so that a keyboard user can scroll a long snippet and select it. */}
      <pre className="api-snippet__code" tabIndex={0} aria-label={title} data-testid={`snippet-${snippet.action}-${snippet.language}`}>
        <code>{snippet.code}</code>
      </pre>
    </figure>
  );
}

/** The full per-sheet document as a link that opens it (a plain link to the API could not carry the token). */
function DocumentLink({ document, sheetId }: { document: SheetApiDocument; sheetId: string }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' })), [document]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <p>
      <a href={url} target="_blank" rel="noreferrer" download={`sheet-${sheetId}-openapi.json`}>
        The full OpenAPI document (JSON)
      </a>{' '}
      <span className="muted">
        served at <code>{sheetApiDocumentPath(sheetId)}</code>
      </span>
    </p>
  );
}

function ApiDocs({ document, sheetId }: { document: SheetApiDocument; sheetId: string }) {
  const columns = documentColumns(document);
  const snippets = buildSnippets(document, window.location.origin);
  return (
    <>
      <p className="muted">
        Rows of this sheet by column name (<code>?keys=name</code>). Create a personal API token under API tokens and put it in <code>${TOKEN_VARIABLE}</code>. Filters and sorts
        name columns by id.
      </p>
      <DataTable
        label="Columns"
        rows={columns}
        rowKey={(c) => c.id}
        stacking
        empty={<p className="muted">No columns yet.</p>}
        columns={[
          { key: 'name', header: 'Column', cell: (c) => (c.required ? `${c.name} (required)` : c.name) },
          { key: 'type', header: 'Type', cell: (c) => c.type },
          { key: 'values', header: 'Values', cell: (c) => c.values },
          { key: 'id', header: 'Id', cell: (c) => <code>{c.id}</code> },
        ]}
      />
      {(Object.keys(SNIPPET_ACTIONS) as Snippet['action'][]).map((action) => (
        <section key={action} aria-label={SNIPPET_ACTIONS[action]}>
          <h3>{SNIPPET_ACTIONS[action]}</h3>
          {snippets
            .filter((s) => s.action === action)
            .map((s) => (
              <CopyableSnippet key={s.language} snippet={s} />
            ))}
        </section>
      ))}
      <DocumentLink document={document} sheetId={sheetId} />
    </>
  );
}

/** The sheet's API, from its per-sheet OpenAPI document: columns with their types and values, and snippets to copy. */
export function SheetApiPanel({ sheetId, onClose }: { sheetId: string; onClose: () => void }) {
  const document = useQuery(sheetApiDocumentQuery(sheetId));
  return (
    <Panel title="API" label="Sheet API" className="panel api-panel" onClose={onClose}>
      {document.isPending ? (
        <Spinner label="Loading the sheet's API document…" />
      ) : document.error ? (
        <p className="notice notice--error" role="alert">
          Could not load the API document: {document.error.message}{' '}
          <button type="button" className="link-button" onClick={() => void document.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <ApiDocs document={document.data} sheetId={sheetId} />
      )}
    </Panel>
  );
}
