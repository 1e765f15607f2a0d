import type { ToolId } from '../state/session-slice';

// Small stroke icons for the tool rail, drawn on a 24×24 grid.
const paths: Record<ToolId, string> = {
  move: 'M12 3v18M3 12h18M12 3l-3 3M12 3l3 3M12 21l-3-3M12 21l3-3M3 12l3-3M3 12l3 3M21 12l-3-3M21 12l-3 3',
  hand: 'M8 13V6a1.5 1.5 0 013 0v5M11 11V4.5a1.5 1.5 0 013 0V11M14 11V6a1.5 1.5 0 013 0v7c0 4-2.5 7-6 7-2.5 0-4-1.5-5.5-4L4 12.5a1.5 1.5 0 012.5-1.5L8 13',
  zoom: 'M10.5 17a6.5 6.5 0 100-13 6.5 6.5 0 000 13zM15.5 15.5L21 21M8 10.5h5M10.5 8v5',
  'select-rect': 'M4 4h3M10 4h4M17 4h3v3M20 10v4M20 17v3h-3M14 20h-4M7 20H4v-3M4 14v-4M4 7V4',
  lasso: 'M12 5c5 0 8 2 8 5s-3 5-8 5-8-2-8-5 3-5 8-5zM7 14c-1 2-1 4 1 5s3-1 2-3',
  brush: 'M14 4l6 6-8 8-6-6 8-8zM6 12l-2 6 2 2 6-2',
  eraser: 'M16 4l5 5-10 10H6l-3-3 13-12zM9 19h12M8 9l7 7',
  text: 'M5 6V4h14v2M12 4v16M9 20h6',
  shape: 'M4 4h9v9H4zM16.5 11a4.5 4.5 0 110 9 4.5 4.5 0 010-9z',
};

export function ToolIcon({ tool }: { tool: ToolId }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path
        d={paths[tool]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
