import type { View, ViewType } from '@contrivance/contracts';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';

const rememberedKey = (sheetId: string, type: ViewType) => (type === 'grid' ? `contrivance.savedView.${sheetId}` : `contrivance.savedView.${type}.${sheetId}`);

/**
 * The saved view shown, named in the URL (`?view=<id>` for the grid, `?board=<id>` for the board, so a view can be
 * linked to); opened without one, the sheet shows the view last used here (put into the URL). A view gone (deleted,
 * or no longer shared) falls back to all rows.
 */
export function useSavedView(
  sheetId: string,
  views: View[] | undefined,
  list: { fetching: boolean; failed: boolean },
  type: ViewType = 'grid',
  /** Whether its tab is showing: only then is it named in the URL (a board link opens the board). */
  active = true,
) {
  const [params, setParams] = useSearchParams();
  const param = type === 'grid' ? 'view' : type;
  const inUrl = params.get(param);
  const wanted = inUrl ?? localStorage.getItem(rememberedKey(sheetId, type));
  const current = (wanted && views?.find((v) => v.id === wanted && v.type === type)) || null;

  const select = useCallback(
    (viewId: string | null) => {
      if (viewId) localStorage.setItem(rememberedKey(sheetId, type), viewId);
      else localStorage.removeItem(rememberedKey(sheetId, type));
      setParams(
        (before) => {
          const next = new URLSearchParams(before);
          if (viewId) next.set(param, viewId);
          else next.delete(param);
          return next;
        },
        { replace: true },
      );
    },
    [sheetId, setParams, type, param],
  );

  useEffect(() => {
    if (!views) return;
    if (!active) {
      if (inUrl)
        setParams(
          (before) => {
            const next = new URLSearchParams(before);
            next.delete(param);
            return next;
          },
          { replace: true },
        );
      return;
    }
    if (!inUrl && current) select(current.id);
    // Remembered or linked, but not (or no longer) there: once the list is current (a view just made elsewhere may
    // not be in the list read before).
    else if (wanted && !current && !list.fetching) select(null);
  }, [views, inUrl, wanted, current, select, list.fetching, active, param, setParams]);

  // The grid waits for the view it is to show; not for ever if the list cannot be read (it shows all rows then).
  return { current, select, pending: Boolean(wanted) && views === undefined && !list.failed };
}
