import { useEffect, useRef } from 'react';
import type { Command } from '../../native/model/commands/index';
import { useStudioApi } from '../platform/studio-context';
import { gesture } from './project-actions';

/**
 * A colour well. Dragging in the picker changes the colour live, and the whole pick is one
 * undo step (and one entry in the edit log) when the picker closes or the field loses focus.
 */
export function ColourField({
  label,
  value,
  toCommand,
}: {
  label: string;
  value: string;
  toCommand(colour: string): Command;
}) {
  const studio = useStudioApi();
  const input = useRef<HTMLInputElement>(null);
  const picking = useRef(false);
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const end = () => {
      if (!picking.current) return;
      picking.current = false;
      gesture.commit(studio);
    };
    // React's onChange is the input event; the native change event ends the pick.
    el.addEventListener('change', end);
    el.addEventListener('blur', end);
    return () => {
      el.removeEventListener('change', end);
      el.removeEventListener('blur', end);
      end();
    };
  }, [studio]);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        ref={input}
        type="color"
        aria-label={label}
        value={value.slice(0, 7)}
        onChange={(e) => {
          // React also calls this for the native change event, which ends the pick (above).
          if (e.nativeEvent.type === 'change') return;
          if (!picking.current) {
            picking.current = true;
            gesture.begin('Change colour');
          }
          gesture.update(toCommand(e.target.value));
        }}
      />
    </label>
  );
}
