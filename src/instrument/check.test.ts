import { describe, expect, it } from 'vitest';
import { compileProblem } from './check';

describe('compileProblem', () => {
  it('passes code V8 compiles: modules, CommonJS with a top-level return, JSX', () => {
    expect(compileProblem('a.mjs', 'import x from "y"; export const z = await x;', 'module')).toBeNull();
    expect(compileProblem('a.cjs', 'if (!module.parent) return; exports.a = 1;', 'commonjs')).toBeNull();
    expect(compileProblem('a.jsx', 'export const A = () => <b>{1}</b>;', 'module')).toBeNull();
  });

  it('names a syntax error', () => {
    expect(compileProblem('a.js', 'f(__c$.v((1, "a", 2);', 'module')).toMatch(/expected/i);
  });

  it('names what a parse alone lets through and V8 refuses: a let declared twice', () => {
    expect(compileProblem('a.js', 'let a = 1; let a = 2;', 'module')).toMatch(/already been declared/);
  });

  it('refuses a top-level return outside CommonJS', () => {
    expect(compileProblem('a.mjs', 'return 1;', 'module')).toMatch(/return/);
  });
});
