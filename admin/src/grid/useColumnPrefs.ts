import { useCallback, useEffect, useState } from 'react';
import { useGetIdentity } from 'react-admin';

export interface ColumnPrefs {
  /** the columns chosen, in order; undefined: the view's default */
  shown?: string[];
  /** widths the user dragged, by field */
  widths: Record<string, number>;
}

const EMPTY: ColumnPrefs = { widths: {} };

function keyOf(identity: { id: unknown; [key: string]: unknown } | undefined, resource: string): string | undefined {
  return identity ? `fupin-hub.grid.${String(identity['username'] ?? identity.id)}.${resource}` : undefined;
}

function stored(key: string): ColumnPrefs {
  try {
    const prefs = JSON.parse(localStorage.getItem(key) ?? 'null') as ColumnPrefs | null;
    return prefs && typeof prefs === 'object' ? { widths: prefs.widths ?? {}, ...(prefs.shown ? { shown: prefs.shown } : {}) } : EMPTY;
  } catch {
    return EMPTY;
  }
}

/**
 * The columns the user last chose for the resource (undefined: the view's default), read when called: for
 * the export button, which sits outside the grid and must see the chooser's latest change.
 */
export function useChosenColumns(resource: string): () => string[] | undefined {
  const { identity } = useGetIdentity();
  const key = keyOf(identity, resource);
  return () => (key ? stored(key).shown : undefined);
}

/**
 * Column choice and widths per user and resource, in localStorage under the username. Not react-admin's
 * store: that one is reset at every sign-out, and a clerk's columns should survive it.
 */
export function useColumnPrefs(resource: string) {
  const { identity } = useGetIdentity();
  const key = keyOf(identity, resource);
  const [prefs, setPrefs] = useState<ColumnPrefs>(EMPTY);

  useEffect(() => {
    if (key) setPrefs(stored(key));
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
