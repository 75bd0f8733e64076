import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';

ModuleRegistry.registerModules([AllCommunityModule]);

// The grid takes its colours from the console's stylesheet variables, which already follow the light/dark theme;
// the same values are given for both modes so AG Grid's own dark palette never overrides them.
const params = {
  fontFamily: 'inherit',
  fontSize: 14,
  headerFontSize: 13,
  headerFontWeight: 600,
  backgroundColor: 'var(--surface)',
  foregroundColor: 'var(--text)',
  chromeBackgroundColor: 'var(--surface-sunken)',
  headerBackgroundColor: 'var(--surface-sunken)',
  borderColor: 'var(--border)',
  accentColor: 'var(--accent)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
  oddRowBackgroundColor: 'var(--surface)',
  wrapperBorderRadius: 8,
  spacing: 7,
  browserColorScheme: 'inherit',
} as const;

export const consoleGridTheme = themeQuartz.withParams(params, 'light').withParams(params, 'dark');
