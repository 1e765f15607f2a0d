import presets from '../../assets/presets/placements.json';
import type { Placement } from '../state/session-slice';

/** The placement presets of the welcome screen (assets/presets/placements.json). */
export const placements: Placement[] = presets;
