// How components reach the store host's client, the shell, and the app store: React context, set
// once at the top by App.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { RpcClient } from '../../src/rpc/client';
import type { DesktopApi } from '../../src/rpc/shell';
import type { AppState, AppStore } from './app-store';

export interface Services {
  client: RpcClient;
  desktop?: DesktopApi;
  store: AppStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside <ServicesContext.Provider>');
  return s;
}

/** A slice of the app state through a named selector; re-renders only when its value changes. */
export function useApp<T>(select: (s: AppState) => T): T {
  return useStore(useServices().store, select);
}
