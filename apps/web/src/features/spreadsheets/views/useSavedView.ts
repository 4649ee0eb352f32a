import type { View } from '@contrivance/contracts';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';

const rememberedKey = (sheetId: string) => `contrivance.savedView.${sheetId}`;

/**
 * The saved view shown, named in the URL (`?view=<id>`, so a view can be linked to); opened without one, the sheet
 * shows the view last used here (put into the URL). A view gone (deleted, or no longer shared) falls back to all rows.
 */
export function useSavedView(sheetId: string, views: View[] | undefined) {
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
    // Remembered or linked, but not (or no longer) there.
    else if (wanted && !current) select(null);
  }, [views, inUrl, wanted, current, select]);

  return { current, select, pending: Boolean(wanted) && views === undefined };
}
