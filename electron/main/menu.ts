import type { MenuItemConstructorOptions } from 'electron';

/**
 * The native application menu: the standard roles (so Cut/Copy/Paste, Undo, Quit, window
 * management and their platform shortcuts behave as users expect) plus the studio's commands,
 * which are sent to the renderer by id.
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  send: (commandId: string) => void,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const command = (label: string, id: string, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => send(id),
    ...(accelerator ? { accelerator } : {}),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        command('New…', 'file.new', 'CmdOrCtrl+N'),
        command('Open…', 'file.open', 'CmdOrCtrl+O'),
        command('Save', 'file.save', 'CmdOrCtrl+S'),
        command('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
        command('Import Image…', 'file.import', 'CmdOrCtrl+I'),
        command('Export…', 'file.export', 'CmdOrCtrl+Shift+E'),
        { type: 'separator' },
        command('Close', 'file.close', 'CmdOrCtrl+W'),
        ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // The studio's own undo (the document's history), not the text field's.
        command('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
        command('Redo', 'edit.redo', isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        command('Canvas', 'view.canvas', 'Alt+1'),
        command('Storyboard', 'view.storyboard', 'Alt+2'),
        command('Timeline', 'view.timeline', 'Alt+3'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [command('Keyboard Shortcuts', 'help.shortcuts'), command('About Atelier', 'help.about')],
    },
  ];
}
