// The store's conformance suite: every semantic the store promises, as cases that run under vitest
// on fake-indexeddb and in headless Chromium on real IndexedDB.
import { apiCases } from './cases-api';
import { cinemaCases } from './cases-cinema';
import { lifecycleCases } from './cases-lifecycle';
import { propertyCases } from './cases-properties';
import type { ConformanceCase } from './context';

export type { ConformanceCase, StoreTestContext } from './context';
export { SMALL_LAYOUT } from './context';

export const conformanceCases: ConformanceCase[] = [...apiCases, ...lifecycleCases, ...propertyCases, ...cinemaCases];
