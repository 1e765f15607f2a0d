/**
 * Whether a key press belongs to a field the user is typing in (then the studio's shortcuts
 * stay out of its way). Checkboxes, sliders, colour wells and buttons are not typing.
 */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return (
    target instanceof HTMLInputElement &&
    /^(text|number|search|email|url|password|tel|date|time)$/.test(target.type)
  );
}
