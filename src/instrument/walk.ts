// Walking an ESTree-shaped syntax tree (what oxc-parser gives for JavaScript, TypeScript and JSX)
// without recursion, so minified files with chains thousands of expressions deep cannot overflow
// the stack. Type-level TypeScript (annotations, interfaces, declarations) is never entered: it
// does not run.

/** A node as oxc gives it: a type, UTF-16 offsets, and children under named keys. */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Keys that hold types, not code. */
const TYPE_KEYS = new Set([
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'implements',
  'decorators',
]);

/** Declarations that produce no code. */
const TYPE_ONLY = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSEnumDeclaration',
  'TSImportEqualsDeclaration',
]);

export function isNode(v: unknown): v is AstNode {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { type?: unknown }).type === 'string' &&
    typeof (v as { start?: unknown }).start === 'number'
  );
}

/** What a visitor's `enter` may answer: 'skip' leaves the node's children alone. */
export type Visit = void | 'skip';

export interface Visitor {
  enter(node: AstNode, parents: readonly AstNode[]): Visit;
  /** Called after the node's children (post-order), unless `enter` skipped it. */
  exit(node: AstNode, parents: readonly AstNode[]): void;
}

/** The node's children in source order. */
function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || TYPE_KEYS.has(key)) continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) out.push(c);
    } else if (isNode(v)) out.push(v);
  }
  // Keys come in the parser's field order, which is nearly always source order; sort to be sure.
  return out.length > 1 ? out.sort((a, b) => a.start - b.start) : out;
}

/** Visits every code node once: `enter` before its children, `exit` after. */
export function walk(root: AstNode, visitor: Visitor): void {
  const parents: AstNode[] = [];
  // Each entry: a node to enter, or (done) a node whose children are finished.
  const stack: Array<{ node: AstNode; done: boolean }> = [{ node: root, done: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.done) {
      parents.pop();
      visitor.exit(top.node, parents);
      continue;
    }
    const node = top.node;
    if (TYPE_ONLY.has(node.type) || node.declare === true) continue;
    if (visitor.enter(node, parents) === 'skip') continue;
    stack.push({ node, done: true });
    parents.push(node);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], done: false });
  }
}
