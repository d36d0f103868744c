// vis-timeline's standalone build: the Timeline and the DataSet it was built with (one copy of
// vis-data, so items and timeline agree). Its type declarations name DataSet from vis-data.
import * as visStandalone from 'vis-timeline/standalone';
import type { DataSet } from 'vis-data';
import type { DataItem, DataGroup } from 'vis-timeline';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';

export const Timeline = visStandalone.Timeline;
export type Timeline = visStandalone.Timeline;
export type ItemSet = DataSet<DataItem & { id: string }, 'id'>;
export type GroupSet = DataSet<DataGroup & { id: string }, 'id'>;

const DataSetCtor = (visStandalone as unknown as { DataSet: new (items?: unknown[]) => unknown }).DataSet;
export const newItemSet = (): ItemSet => new DataSetCtor() as ItemSet;
export const newGroupSet = (): GroupSet => new DataSetCtor() as GroupSet;
