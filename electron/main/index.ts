// The desktop shell: wires Electron to the native engine. No product logic lives here.
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toStudioError } from '../../native/api/errors';
import { createEngine } from '../../native/studio/engine';
import { utilityJobProcessFactory } from './job-process';
import { menuTemplate } from './menu';
import { APP_CSP, APP_ORIGIN, APP_SCHEME, isTrustedSender, mimeOf, resolveAppFile } from './protocol';

const distDir = fileURLToPath(new URL('..', import.meta.url));
const rendererDir = join(distDir, 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

// Deny every navigation away from the app and every new window, in every web contents.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

let projectIsDirty: () => boolean = () => false;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    title: 'Atelier',
    backgroundColor: '#1b1c1f',
    show: false,
    webPreferences: {
      preload: join(distDir, 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Unsaved changes: the page asks (save, don't save, cancel) and closes the window itself.
  win.on('close', (event) => {
    if (!projectIsDirty()) return;
    event.preventDefault();
    win.webContents.send('studio:command', 'window.close');
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

// A second instance hands over to the first and builds nothing (no engine, no job process).
if (primary)
  void app.whenReady().then(() => {
    // Refuse every permission request (camera, geolocation, notifications…): the studio needs none.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(rendererDir, request.url);
      if (!file) return new Response('Not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
      if (!response?.ok) return new Response('Not found', { status: 404 });
      const headers = new Headers({ 'content-type': mimeOf(file), 'x-content-type-options': 'nosniff' });
      if (file.endsWith('.html')) headers.set('content-security-policy', APP_CSP);
      return new Response(response.body, { status: 200, headers });
    });

    const engine = createEngine({
      mode: 'desktop',
      userDataDir: app.getPath('userData'),
      fileRoot: app.getPath('home'),
      spawnJobProcess: utilityJobProcessFactory(join(distDir, 'worker.js')),
    });

    ipcMain.handle('studio:call', async (event, method: unknown, args: unknown) => {
      // Only the top frame of our own page: never an iframe, never another origin.
      if (event.senderFrame !== event.sender.mainFrame || !isTrustedSender(event.senderFrame?.url)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'StudioApi calls are accepted only from the studio' },
        };
      }
      try {
        return {
          ok: true,
          result: await engine.dispatcher.call(String(method), args, { origin: 'desktop' }),
        };
      } catch (error) {
        return { ok: false, error: toStudioError(error).toData() };
      }
    });

    let dirty = false;
    projectIsDirty = () => dirty;
    engine.events.subscribe((name, payload) => {
      if (name === 'project.status') dirty = Boolean((payload as { dirty?: boolean } | null)?.dirty);
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send('studio:event', name, payload);
    });

    const sendCommand = (id: string) =>
      BrowserWindow.getFocusedWindow()?.webContents.send('studio:command', id);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, sendCommand)));

    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
    app.on('before-quit', () => engine.close());
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
