import { useCallback, useEffect, useState } from 'react';
import { useGetIdentity } from 'react-admin';

export interface ColumnPrefs {
  /** the columns chosen, in order; undefined: the view's default */
  shown?: string[];
  /** widths the user dragged, by field */
  widths: Record<string, number>;
}

const EMPTY: ColumnPrefs = { widths: {} };

/**
 * Column choice and widths per user and resource, in localStorage under the username. Not react-admin's
 * store: that one is reset at every sign-out, and a clerk's columns should survive it.
 */
export function useColumnPrefs(resource: string) {
  const { identity } = useGetIdentity();
  const key = identity ? `fupin-hub.grid.${String(identity['username'] ?? identity.id)}.${resource}` : undefined;
  const [prefs, setPrefs] = useState<ColumnPrefs>(EMPTY);

  useEffect(() => {
    if (!key) return;
    try {
      const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as ColumnPrefs | null;
      setPrefs(stored && typeof stored === 'object' ? { widths: stored.widths ?? {}, ...(stored.shown ? { shown: stored.shown } : {}) } : EMPTY);
    } catch {
      setPrefs(EMPTY);
    }
  }, [key]);

  const update = useCallback(
    (change: (old: ColumnPrefs) => ColumnPrefs) => {
      setPrefs((old) => {
        const next = change(old);
        if (key) localStorage.setItem(key, JSON.stringify(next));
        return next;
      });
    },
    [key],
  );

  return {
    prefs,
    setWidth: (field: string, width: number) => update((old) => ({ ...old, widths: { ...old.widths, [field]: Math.round(width) } })),
    setShown: (shown: string[] | undefined) => update((old) => ({ widths: old.widths, ...(shown ? { shown } : {}) })),
  };
}
