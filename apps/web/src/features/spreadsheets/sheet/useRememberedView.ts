import { useState } from 'react';

export const VIEWS = [
  { id: 'grid', label: 'Grid' },
  { id: 'board', label: 'Board' },
  { id: 'dashboard', label: 'Dashboard' },
] as const;
export type View = (typeof VIEWS)[number]['id'];
const viewKey = (sheetId: string) => `contrivance.view.${sheetId}`;

/** The view last used for this sheet in this browser. */
export function useRememberedView(sheetId: string): [View, (view: View) => void] {
  const [view, setView] = useState<View>(() => {
    const stored = localStorage.getItem(viewKey(sheetId));
    return VIEWS.some((v) => v.id === stored) ? (stored as View) : 'grid';
  });
  return [
    view,
    (next) => {
      localStorage.setItem(viewKey(sheetId), next);
      setView(next);
    },
  ];
}
