// The sources the recorder's runtime is built from (dist/record/): the build hashes them (a
// rewritten file is cached per build), and `cinema record` warns when one is newer than the build.

/** Folders under src/ whose files go into the runtime. */
export const RECORDER_SOURCE_FOLDERS = ['instrument', 'node/record', 'format'] as const;

/** Whether a file in those folders is built into the runtime (tests are not). */
export const isRecorderSource = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.test.ts');
