export const SESSION_COOKIE = 'hub_session';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Lax (no cross-site POSTs carry it). */
export function sessionCookie(token: string | null, options: { expiresAt?: Date; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${token ? encodeURIComponent(token) : ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (token && options.expiresAt) parts.push(`Expires=${options.expiresAt.toUTCString()}`);
  if (!token) parts.push('Max-Age=0');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
