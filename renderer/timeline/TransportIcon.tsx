/** The transport buttons' symbols, drawn (fonts differ in which of ⏮ ⏸ ⏭ they have). */
const shapes = {
  start: 'M5 5h2v14H5zM19 5v14L8 12z',
  play: 'M7 5v14l12-7z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  end: 'M17 5h2v14h-2zM5 5v14l11-7z',
};

export function TransportIcon({ shape }: { shape: keyof typeof shapes }) {
  return (
    <svg viewBox="0 0 24 24" width="12" height="12" aria-hidden="true">
      <path d={shapes[shape]} fill="currentColor" />
    </svg>
  );
}
