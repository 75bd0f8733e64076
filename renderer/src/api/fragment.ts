/**
 * The URL fragment carries two things: once, the per-launch token printed by `counterpart serve` (`#token=…`), and
 * afterwards the page the person is on (`#/reconciliation`). The token is read once, kept in sessionStorage for this
 * tab only, and taken out of the address bar so it is not bookmarked, shared in a screenshot or left in history.
 */

const TOKEN_KEY = 'counterpart.consoleToken';

export interface Fragment {
  readonly token: string | undefined;
  readonly route: string | undefined;
}

/** Accepts `#token=T`, `#token=T&route=/activity`, `#/activity`, and `#/activity?token=T`. */
export function parseFragment(hash: string): Fragment {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.startsWith('/')) {
    const [path = '/', query = ''] = text.split('?', 2);
    return { route: path, token: nonEmpty(new URLSearchParams(query).get('token')) };
  }
  const params = new URLSearchParams(text);
  return { token: nonEmpty(params.get('token')), route: nonEmpty(params.get('route')) };
}

/**
 * Moves a token found in the address bar into sessionStorage and leaves only the route in the fragment. Returns
 * whether there was one.
 */
export function takeTokenFromAddressBar(defaultRoute: string): boolean {
  const { token, route } = parseFragment(window.location.hash);
  if (token === undefined) return false;
  sessionStorage.setItem(TOKEN_KEY, token);
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}#${route ?? defaultRoute}`);
  return true;
}

/**
 * Pasting the printed address into a tab already showing the console only changes the fragment, which loads
 * nothing; take the new token and start again with it.
 */
export function restartOnNewToken(defaultRoute: string): void {
  window.addEventListener('hashchange', () => {
    if (takeTokenFromAddressBar(defaultRoute)) window.location.reload();
  });
}

export function storedToken(): string | undefined {
  return nonEmpty(sessionStorage.getItem(TOKEN_KEY));
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}
