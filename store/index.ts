// The store's public surface.
export { TemporalStorage, type StartOptions } from './temporal-storage';
export { SessionCatalog, type CatalogOptions } from './catalog';
export { StoreHost, type HostOptions } from './host';
export { importFile, type FileImportResult } from './import-file';
export { importNativeSession, type ImportOptions, type ImportProgress, type ImportResult } from './import-native';
export { exportNativeText, exportChromeText, encodeText, type ExportOptions } from './export-native';
export type { Stats, Page, PageOptions, SessionInfo, EventKey } from './types';
export type { StoredEvent, EventInput, CinemaEvent } from '../src/event';
export { EventValidationError } from '../src/event';
