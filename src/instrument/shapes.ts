// Shapes of the syntax tree the rewrite has to respect: where code can go at the top of a body,
// and which values a declaration gives a name to.
import { type AstNode, isNode } from './walk';

/** A function or class a declaration would name (`const f = () => {}`, also in parentheses). */
export function isAnonymousFunction(n: AstNode): boolean {
  while (n.type === 'ParenthesizedExpression') n = n.expression as AstNode;
  if (n.type === 'ArrowFunctionExpression') return true;
  return (n.type === 'FunctionExpression' || n.type === 'ClassExpression') && !isNode(n.id);
}

/** Where code may be inserted at the top of a body: after `{`, a hashbang and any directives. */
export function afterDirectives(body: AstNode, source: string): { at: number; gap: string } {
  let at = body.type === 'Program' ? body.start : body.start + 1;
  let gap = '';
  if (body.type === 'Program' && isNode(body.hashbang)) {
    // Not on the hashbang's own line, which is a comment to the end: at the start of the next.
    const eol = source.indexOf('\n', body.hashbang.end);
    if (eol >= 0) at = eol + 1;
    else [at, gap] = [source.length, '\n'];
  }
  for (const st of body.body as AstNode[]) {
    if (st.type !== 'ExpressionStatement' || typeof st.directive !== 'string') break;
    at = st.end;
    // A directive without its semicolon ('use strict' and a line break) needs one before what follows on its line.
    gap = source[st.end - 1] === ';' ? '' : ';';
  }
  return { at, gap };
}

/**
 * A TypeScript constructor with parameter properties (`constructor(private x: number)`) calling
 * `super(...)`: stripping the types puts `this.x = x` right after that call, which it looks for
 * among the body's statements; inside the function's `try` it is not found, the assignments go
 * first, and `this` is read before `super()` (a ReferenceError). The rewritten head then goes
 * after the call, where it is found, and the entry is recorded once the parent's constructor ran.
 */
export function afterSuperWithParameterProperties(fn: AstNode, body: AstNode, source: string): { at: number; gap: string } | null {
  if (!(fn.params as AstNode[]).some((p) => p.type === 'TSParameterProperty')) return null;
  const call = (body.body as AstNode[]).find((st) => {
    const e = st.type === 'ExpressionStatement' ? (st.expression as AstNode) : null;
    return e !== null && e.type === 'CallExpression' && (e.callee as AstNode).type === 'Super';
  });
  return call ? { at: call.end, gap: source[call.end - 1] === ';' ? '' : ';' } : null;
}
