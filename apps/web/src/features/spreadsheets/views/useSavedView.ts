import type { View } from '@contrivance/contracts';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';

const rememberedKey = (sheetId: string) => `contrivance.savedView.${sheetId}`;

/**
 * The saved view shown, named in the URL (`?view=<id>`, so a view can be linked to); opened without one, the sheet
 * shows the view last used here (put into the URL). A view gone (deleted, or no longer shared) falls back to all rows.
 */
export function useSavedView(sheetId: string, views: View[] | undefined, list: { fetching: boolean; failed: boolean }) {
  const [params, setParams] = useSearchParams();
  const inUrl = params.get('view');
  const wanted = inUrl ?? localStorage.getItem(rememberedKey(sheetId));
  const current = (wanted && views?.find((v) => v.id === wanted)) || null;

  const select = useCallback(
    (viewId: string | null) => {
      if (viewId) localStorage.setItem(rememberedKey(sheetId), viewId);
      else localStorage.removeItem(rememberedKey(sheetId));
      setParams(
        (before) => {
          const next = new URLSearchParams(before);
          if (viewId) next.set('view', viewId);
          else next.delete('view');
          return next;
        },
        { replace: true },
      );
    },
    [sheetId, setParams],
  );

  useEffect(() => {
    if (!views) return;
    if (!inUrl && current) select(current.id);
    // Remembered or linked, but not (or no longer) there: once the list is current (a view just made elsewhere may
    // not be in the list read before).
    else if (wanted && !current && !list.fetching) select(null);
  }, [views, inUrl, wanted, current, select, list.fetching]);

  // The grid waits for the view it is to show; not for ever if the list cannot be read (it shows all rows then).
  return { current, select, pending: Boolean(wanted) && views === undefined && !list.failed };
}
