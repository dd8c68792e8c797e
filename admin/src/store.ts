import { localStorageStore, type Store } from 'react-admin';

/** Preferences that belong to the browser, not to whoever signs in on it. */
const KEPT_ON_RESET = new Set(['locale', 'theme']);

/**
 * react-admin's localStorage store, with one change: react-admin resets the store on every logout, also the
 * automatic one when a visit starts without a session, which would throw away the chosen language each time.
 * reset() here clears everything else (list filters, column choices of the previous user) but keeps those.
 */
function createStore(): Store {
  const base = localStorageStore('1', 'FupinHub');
  return {
    ...base,
    reset() {
      for (const key of Object.keys(base.listItems?.() ?? {})) {
        if (!KEPT_ON_RESET.has(key)) base.removeItem(key);
      }
    },
  };
}

export const store = createStore();
