import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../event';
import { nestExecutionPath } from './path';

const ev = (i: number, type: string, pid = 'p'): StoredEvent => ({
  timestamp: i,
  event_id: String(i),
  ast_node_id: null,
  correlation_id: 'c',
  data: { type, pid },
});

describe('execution paths', () => {
  it('indents entries, their insides and exits per process', () => {
    const steps = nestExecutionPath([
      ev(1, 'function_entry'),
      ev(2, 'variable_assignment'),
      ev(3, 'function_entry'),
      ev(4, 'message_send', 'q'),
      ev(5, 'function_exit'),
      ev(6, 'function_exit'),
      ev(7, 'function_exit'),
    ]);
    expect(steps.map((s) => s.depth)).toEqual([0, 1, 1, 0, 1, 0, 0]);
  });
});
