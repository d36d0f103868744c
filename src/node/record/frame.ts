// A running call as the runtime keeps it, between the probes of its entry and its exit.

/** One running call. */
export interface Frame {
  id: number;
  node: number;
  flow: number;
  /** The value of the return statement that ended it, and that statement's node. */
  ret: unknown;
  retAt: number;
  /** Suspended at an await or yield: not on the stack until it resumes. */
  suspended: boolean;
}

/**
 * The frame of every call that began inside the recorder's own code (see Runtime.inside): the
 * probes that get it back (return, exit, exception, await) know it by identity and record nothing.
 */
export const IGNORED: Frame = { id: 0, node: -1, flow: 0, ret: undefined, retAt: -2, suspended: false };
