/** What each group of operations is for, in the order the docs page lists them (a tag without one fails the build). */
export const TAGS: { name: string; description: string }[] = [
  { name: 'auth', description: 'Register, log in, refresh and end sessions. Answers carry an access token (JWT) and a single-use refresh token.' },
  { name: 'api tokens', description: 'Personal API tokens for integrations: `read` (GET only) or `write`; the secret is shown once.' },
  { name: 'users', description: 'Accounts: your own profile and preferences; admins manage roles and deactivate accounts.' },
  { name: 'spreadsheets', description: 'Sheets you can see, created blank or from the `sales-pipeline` template, with their typed columns.' },
  { name: 'columns', description: "A sheet's typed columns; a type change converts existing values or answers 409 naming the rows it cannot." },
  {
    name: 'rows',
    description:
      'Read rows a page at a time (filters, sorts, saved views), write them one or 1000 at a time, search cells and summarise columns. `keys=name` addresses values by column name.',
  },
  { name: 'views', description: 'Saved grid and board views: filter groups, sorts, hidden and frozen columns, grouping, summaries.' },
  { name: 'history', description: 'Every change of a sheet, newest first; restore an old cell value; undo and redo your own changes.' },
  { name: 'comments', description: "Comments on rows, with @mentions of the sheet's members." },
  { name: 'sharing', description: "A sheet's members and their roles (owner, editor, viewer)." },
  { name: 'import and export', description: 'CSV in (streamed, all-or-nothing, with progress) and out (streamed, formula-safe).' },
  { name: 'pipeline', description: 'Pipeline analytics: per stage counts and values, weighted forecast by close month, win rate, days in stage.' },
  { name: 'webhooks', description: "Signed HTTP deliveries of a sheet's changes to your URL, retried with backoff (see the Webhooks guide)." },
  { name: 'operations', description: 'Liveness, readiness and Prometheus metrics, for load balancers and monitoring.' },
];
