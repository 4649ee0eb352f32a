import { useCallback, useState } from 'react';

/** The panels that open around a sheet; several may be open at once. */
export type SheetPanel = 'share' | 'webhooks' | 'addColumn' | 'columns' | 'filter' | 'api';

export interface SheetPanels {
  isOpen(panel: SheetPanel): boolean;
  open(panel: SheetPanel): void;
  close(panel: SheetPanel): void;
  toggle(panel: SheetPanel): void;
}

/** Which of the sheet's panels are open. */
export function useSheetPanels(): SheetPanels {
  const [opened, setOpened] = useState<ReadonlySet<SheetPanel>>(new Set());
  const set = useCallback((panel: SheetPanel, on: (was: boolean) => boolean) => {
    setOpened((all) => {
      const next = new Set(all);
      if (on(all.has(panel))) next.add(panel);
      else next.delete(panel);
      return next;
    });
  }, []);
  return {
    isOpen: (panel) => opened.has(panel),
    open: (panel) => set(panel, () => true),
    close: (panel) => set(panel, () => false),
    toggle: (panel) => set(panel, (was) => !was),
  };
}
