import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { runCommand } from './app/commands';
import { connectStudio } from './platform/connect';
import { useStudio } from './state/store';
import './app/styles.css';

const { studio, onShellCommand } = connectStudio((state) => useStudio.getState().setConnection(state));
onShellCommand((id) => runCommand(id, studio));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App studio={studio} />
  </StrictMode>,
);
