import { useEffect } from 'react';
import type { Settings } from '../../../src/api/schemas/settings';

/**
 * Applies the person's theme to the document: our stylesheet reads `data-theme`, AG Grid's theme reads
 * `data-ag-theme-mode`. "system" follows the operating system and keeps following it while the console is open.
 */
export function useDocumentTheme(theme: Settings['theme'] | undefined): void {
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const mode = theme === undefined || theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
      const root = document.documentElement;
      root.dataset.theme = mode;
      root.dataset.agThemeMode = mode;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
