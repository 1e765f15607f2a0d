import { useRef, useState } from 'react';
import { CLIP_INSET } from './layout';

export interface CaptionEditorProps {
  /** Where it sits in the lane and how wide it is, in pixels. */
  left: number;
  width: number;
  initial: string;
  /** Enter or leaving the field with text in it. */
  commit(text: string): void;
  /** Escape, or leaving it empty. */
  cancel(): void;
}

/** The small text field where a caption is typed, in the captions lane at its time. */
export function CaptionEditor({ left, width, initial, commit, cancel }: CaptionEditorProps) {
  const [text, setText] = useState(initial);
  // Enter closes the field, and a field going away may still report a blur: act once.
  const done = useRef(false);
  const finish = (keep: boolean) => {
    if (done.current) return;
    done.current = true;
    if (keep && text.trim() !== '') commit(text);
    else cancel();
  };
  return (
    <input
      type="text"
      className="caption-editor"
      aria-label="Caption text"
      placeholder="Type the caption, then Enter"
      value={text}
      maxLength={2000}
      autoFocus
      style={{ left, width, top: CLIP_INSET + 16 }}
      onPointerDown={(e) => e.stopPropagation()}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      }}
    />
  );
}
