/**
 * The console's Content-Security-Policy, used by the desktop window and by `counterpart serve`. AG Grid writes its
 * theme as inline styles, hence 'unsafe-inline' for styles only; scripts come from the app itself and nowhere else.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
