import './zodConfig';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restartOnNewToken, takeTokenFromAddressBar } from './api/fragment';
import { App } from './app/App';
import { DEFAULT_ROUTE } from './app/routes';

takeTokenFromAddressBar(DEFAULT_ROUTE);
restartOnNewToken(DEFAULT_ROUTE);

const root = document.getElementById('root');
if (root === null) throw new Error('The console page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
