// The sign-in, shared by every page of the site and the inspector: localStorage, so it spans tabs and
// survives a reload. Only the API client and the sign-in and sign-out paths should write it.

const TOKEN_KEY = 'showtime.token';
const REFRESH_KEY = 'showtime.refresh';

/** The access token to send as `Authorization: Bearer`, or null when nobody is signed in. */
export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** The single-use token that trades for the next access token. */
export function getRefreshToken(): string | null {
  return localStorage.getItem(REFRESH_KEY);
}

/** Keeps the access token and, when given, the refresh token that gets the next one; null signs out. */
export function setToken(token: string | null, refreshToken?: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  if (refreshToken) localStorage.setItem(REFRESH_KEY, refreshToken);
  else if (!token) localStorage.removeItem(REFRESH_KEY);
}
