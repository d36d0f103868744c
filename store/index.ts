// The store's public surface.
export { TemporalStorage, type StartOptions } from './temporal-storage';
export { SessionCatalog, type CatalogOptions } from './catalog/catalog';
export { StoreHost, type HostOptions } from './host/host';
export { importFile } from './import/import-file';
export { importNativeSession } from './import/native';
export type { FileImportResult, ImportOptions, ImportProgress, ImportResult } from './import/types';
export { exportNativeText, type ExportOptions } from './export/native';
export { exportChromeText } from './export/chrome';
export { encodeText } from './export/encode';
export type { Stats, Page, PageOptions, SessionInfo, EventKey } from './engine/types';
export type { StoredEvent, EventInput, CinemaEvent } from '../src/event';
export { EventValidationError } from '../src/event';
