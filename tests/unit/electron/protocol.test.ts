import { describe, expect, it } from 'vitest';
import { APP_CSP, isTrustedSender, resolveAppFile } from '../../../electron/main/protocol';
import { menuTemplate } from '../../../electron/main/menu';

const dir = '/opt/atelier/dist/renderer';

describe('atelier:// protocol', () => {
  it('maps app URLs to files of the built renderer', () => {
    expect(resolveAppFile(dir, 'atelier://app/index.html')).toBe(`${dir}/index.html`);
    expect(resolveAppFile(dir, 'atelier://app/')).toBe(`${dir}/index.html`);
    expect(resolveAppFile(dir, 'atelier://app/assets/index-1.js')).toBe(`${dir}/assets/index-1.js`);
  });

  it('keeps literal dot segments inside the renderer folder (the URL parser clamps them)', () => {
    expect(resolveAppFile(dir, 'atelier://app/../../etc/passwd')).toBe(`${dir}/etc/passwd`);
    expect(resolveAppFile(dir, 'atelier://app/%2e%2e/%2e%2e/etc/passwd')).toBe(`${dir}/etc/passwd`);
  });

  it('refuses other hosts, other schemes and every way of climbing out', () => {
    for (const url of [
      'atelier://evil/index.html',
      'file:///etc/passwd',
      'atelier://app/assets/%2E%2E%2F%2E%2E%2Fsecret',
      'atelier://app/a%00b',
      'atelier://app/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppFile(dir, url), url).toBeNull();
    }
  });

  it('accepts StudioApi calls only from the app origin', () => {
    expect(isTrustedSender('atelier://app/index.html')).toBe(true);
    expect(isTrustedSender('https://example.com/')).toBe(false);
    expect(isTrustedSender('file:///tmp/x.html')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('has a strict content security policy', () => {
    expect(APP_CSP).toMatch(/default-src 'self'/);
    expect(APP_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(APP_CSP).toMatch(/object-src 'none'/);
  });
});

describe('application menu', () => {
  it('uses the standard roles and sends studio commands by id', () => {
    const sent: string[] = [];
    const template = menuTemplate('linux', (id) => sent.push(id));
    const roles = JSON.stringify(template.map((m) => m.role ?? m.label));
    expect(roles).toContain('Edit');
    const edit = template.find((m) => m.label === 'Edit')!.submenu as { label?: string; role?: string }[];
    expect(edit.map((i) => i.role ?? i.label)).toEqual(
      expect.arrayContaining(['Undo', 'Redo', 'cut', 'copy', 'paste']),
    );
    expect(roles).toContain('windowMenu');
    const file = template.find((m) => m.label === 'File')!.submenu as {
      label?: string;
      role?: string;
      click?: () => void;
    }[];
    expect(file.some((i) => i.role === 'quit')).toBe(true);
    file.find((i) => i.label === 'Open…')!.click!();
    expect(sent).toEqual(['file.open']);
    expect(menuTemplate('darwin', () => {})[0]!.role).toBe('appMenu');
    // Research studies are run from their own menu.
    const study = template.find((m) => m.label === 'Study')!.submenu as {
      label?: string;
      click?: () => void;
    }[];
    study.find((i) => i.label === 'Start Participant…')!.click!();
    expect(sent).toEqual(['file.open', 'study.start']);
  });

  it('sends Ctrl+0, Ctrl+1, zoom and select all to the canvas, not to page zoom or text selection', () => {
    const sent: string[] = [];
    const template = menuTemplate('linux', (id) => sent.push(id));
    const items = template.flatMap(
      (m) => (m.submenu ?? []) as { role?: string; accelerator?: string; click?: () => void }[],
    );
    expect(items.some((i) => ['resetZoom', 'zoomIn', 'zoomOut', 'selectAll'].includes(i.role ?? ''))).toBe(
      false,
    );
    for (const key of [
      'CmdOrCtrl+0',
      'CmdOrCtrl+1',
      'CmdOrCtrl+=',
      'CmdOrCtrl+-',
      'CmdOrCtrl+A',
      'CmdOrCtrl+Shift+I',
    ])
      items.find((i) => i.accelerator === key)!.click!();
    expect(sent).toEqual([
      'view.fit',
      'view.actual',
      'view.zoomIn',
      'view.zoomOut',
      'edit.selectAll',
      'mask.invert',
    ]);
  });
});
