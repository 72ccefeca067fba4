// Renderer entry: language first (so the first paint is in the chosen language), then the app.
import './zod-config';
import './i18n/index';
import './styles/base.css';
import './styles/layout.css';
import './styles/workspace.css';
import './styles/jobs.css';
import './styles/search.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
