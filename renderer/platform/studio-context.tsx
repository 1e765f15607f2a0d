import { createContext, useContext } from 'react';
import type { StudioApi } from '../../native/api/contract';

export const StudioContext = createContext<StudioApi | null>(null);

/** The StudioApi of this window; components call it, never Node or Electron. */
export function useStudioApi(): StudioApi {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudioApi outside <StudioContext.Provider>');
  return studio;
}
