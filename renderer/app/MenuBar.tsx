import { useEffect, useRef, useState } from 'react';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { menus } from './commands';

export function MenuBar() {
  const studio = useStudioApi();
  const [open, setOpen] = useState<string | null>(null);
  const status = useStudio((s) => s.project?.status);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && ref.current?.contains(event.target as Node)) return;
      setOpen(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <nav className="menubar" ref={ref} aria-label="Main menu">
      <span className="brand">Atelier</span>
      {menus.map((menu) => (
        <div key={menu.label} className="menu">
          <button
            type="button"
            className={open === menu.label ? 'menu-title open' : 'menu-title'}
            aria-haspopup="menu"
            aria-expanded={open === menu.label}
            onClick={() => setOpen(open === menu.label ? null : menu.label)}
            onMouseEnter={() => open && setOpen(menu.label)}
          >
            {menu.label}
          </button>
          {open === menu.label && (
            <div role="menu" className="menu-items">
              {menu.items.map((item) => {
                const enabled = item.enabled?.() ?? true;
                return (
                  <button
                    type="button"
                    role="menuitem"
                    key={item.id}
                    disabled={!enabled}
                    onClick={() => {
                      setOpen(null);
                      item.run(studio);
                    }}
                  >
                    <span>{item.label}</span>
                    {item.keys && <kbd>{item.keys}</kbd>}
                  </button>
                );
              })}
            </div>
          )}
        </div>
      ))}
      {status && (
        <span className="title" data-testid="project-title" title={status.path ?? 'Not saved yet'}>
          {status.dirty && (
            <span className="dirty" aria-label="unsaved changes">
              •{' '}
            </span>
          )}
          {status.title}
          {status.problem && <span className="error-text"> — {status.problem}</span>}
        </span>
      )}
    </nav>
  );
}
