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
        // The studio's select all (layers; the text of a field while typing in one).
        command('Select All', 'edit.selectAll', 'CmdOrCtrl+A'),
        command('Deselect', 'edit.deselect', 'CmdOrCtrl+Shift+A'),
      ],
    },
    {
      label: 'Mask',
      submenu: [
        command('Invert Mask', 'mask.invert', 'CmdOrCtrl+Shift+I'),
        command('Clear Mask', 'mask.clear'),
      ],
    },
    {
      label: 'View',
      submenu: [
        command('Canvas', 'view.canvas', 'Alt+1'),
        command('Storyboard', 'view.storyboard', 'Alt+2'),
        command('Timeline', 'view.timeline', 'Alt+3'),
        { type: 'separator' },
        // The canvas's zoom, not the page's.
        command('Fit on Screen', 'view.fit', 'CmdOrCtrl+0'),
        command('Actual Pixels', 'view.actual', 'CmdOrCtrl+1'),
        command('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
        command('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Study',
      submenu: [
        command('Load Study…', 'study.load'),
        command('New Study…', 'study.new'),
        { type: 'separator' },
        command('Start Participant…', 'study.start'),
        command('End Participant Session…', 'study.end'),
        { type: 'separator' },
        command('Dashboard…', 'study.dashboard'),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [command('Keyboard Shortcuts', 'help.shortcuts'), command('About Atelier', 'help.about')],
    },
  ];
}
