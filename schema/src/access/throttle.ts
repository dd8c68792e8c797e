/**
 * Sign-in throttling, per account and per address: after too many failures in a window, further attempts
 * are refused until the window passes — whether or not the password would be right. Kept in memory: one
 * hub process serves a county; a restart forgets, which only ever helps a real user.
 */
const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

/** Seconds until `username` from `address` may try again, or 0 when it may try now. */
export function signInBlockedFor(username: string, address: string | null, now = Date.now()): number {
  const checks: [string, number][] = [[`user:${username.toLowerCase()}`, MAX_FAILURES_PER_ACCOUNT]];
  if (address) checks.push([`addr:${address}`, MAX_FAILURES_PER_ADDRESS]);
  let wait = 0;
  for (const [key, max] of checks) {
    const list = recent(key, now);
    if (list.length >= max) wait = Math.max(wait, Math.ceil((list[list.length - max]! + WINDOW_MS - now) / 1000));
  }
  return wait;
}

export function recordSignInFailure(username: string, address: string | null, now = Date.now()): void {
  for (const key of [`user:${username.toLowerCase()}`, ...(address ? [`addr:${address}`] : [])]) {
    failures.set(key, [...recent(key, now), now]);
  }
}

export function clearSignInFailures(username: string): void {
  failures.delete(`user:${username.toLowerCase()}`);
}
