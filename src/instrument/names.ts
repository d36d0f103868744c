// What people call things in JavaScript: a function's name (declared, or taken from the variable,
// property, method or class field it is assigned to), its parameters' names, the names a
// destructuring pattern binds, and short labels for calls and assignment targets.
import { type AstNode, isNode } from './walk';

const node = (v: unknown): AstNode | null => (isNode(v) ? v : null);

/** The name of a property key: `x`, `#x`, `'x'`, or `[computed]`. */
export function keyName(key: unknown, computed = false): string {
  const k = node(key);
  if (!k) return '<anonymous>';
  if (k.type === 'Identifier' && !computed) return String(k.name);
  if (k.type === 'PrivateIdentifier') return `#${String(k.name)}`;
  if (k.type === 'Literal') return String(k.value);
  return '[computed]';
}

/** A function's own name, from itself or from where it is put. */
export function functionName(fn: AstNode, parent: AstNode | undefined): string {
  const id = node(fn.id);
  if (id?.type === 'Identifier') return String(id.name);
  if (!parent) return '<anonymous>';
  switch (parent.type) {
    case 'MethodDefinition': {
      const name = keyName(parent.key, parent.computed === true);
      return parent.kind === 'get' ? `get ${name}` : parent.kind === 'set' ? `set ${name}` : name;
    }
    case 'Property':
    case 'PropertyDefinition':
    case 'AccessorProperty':
      return keyName(parent.key, parent.computed === true);
    case 'VariableDeclarator': {
      const target = node(parent.id);
      return target?.type === 'Identifier' ? String(target.name) : '<anonymous>';
    }
    case 'AssignmentExpression':
      return targetName(node(parent.left)) ?? '<anonymous>';
    case 'ExportDefaultDeclaration':
      return 'default';
    case 'CallExpression':
    case 'NewExpression':
      return (parent.arguments as unknown[]).includes(fn) ? callbackName(parent) : '<anonymous>';
    default:
      return '<anonymous>';
  }
}

/**
 * A function passed to a call, named by the call: `map callback`, `setTimeout callback`, and with
 * the call's first argument when it is a string, as test runners and routers take a label first:
 * `test('adds') callback`, `app.get('/users') callback`. A flame chart of a test run reads as its tests.
 */
function callbackName(call: AstNode): string {
  const label = firstLabel(call);
  const shown = label === null ? '' : `('${label.length > 40 ? `${label.slice(0, 40)}…` : label}')`;
  return `${calleeName(call)}${shown} callback`;
}

/** A call's first argument when it is a string: the label tests, hooks and routes are given. */
function firstLabel(call: AstNode): string | null {
  const first = node((call.arguments as unknown[])[0]);
  if (first?.type === 'Literal' && typeof first.value === 'string') return first.value;
  // A template: its text, each `${...}` kept as written in the label (`adds ${n}` -> `adds ${n}`).
  if (first?.type === 'TemplateLiteral') {
    const quasis = (first.quasis as AstNode[]).map((q) => String((q.value as { cooked?: string; raw: string }).cooked ?? ''));
    return quasis.reduce((label, q, i) => (i === 0 ? q : `${label}\${…}${q}`), '');
  }
  return null;
}

/** Calls that hand a test runner a test or a hook to run (jest, vitest, mocha, node:test). */
const TEST_CALLS = /^(?:(?:test|it)(?:\.(?:only|concurrent|failing))?|before|after|beforeEach|afterEach|beforeAll|afterAll)$/;

/**
 * The name of the flow a test runner's callback starts when the runner calls it: the test's own
 * (`adds`), or the hook's (`beforeEach`); null when `fn` is not a function passed to such a call. `describe` is not one:
 * its callback runs while the file is loaded, inside the file's own flow.
 */
export function testFlowName(fn: AstNode, parent: AstNode | undefined): string | null {
  if (parent?.type !== 'CallExpression' || !(parent.arguments as unknown[]).includes(fn)) return null;
  // A table's tests, `test.each(rows)('adds %i', fn)`: the call that makes them names the runner's function.
  const maker = node(parent.callee);
  const callee = maker?.type === 'CallExpression' && EACH.test(calleeName(maker)) ? calleeName(maker) : calleeName(parent);
  if (!TEST_CALLS.test(callee.replace(EACH, ''))) return null;
  return firstLabel(parent) ?? callee;
}

/** `test.each(rows)`, `it.each(rows)`, `test.only.each(rows)` make tests (`describe.each`'s are suites, as above). */
const EACH = /\.each$/;

/** The names a binding pattern binds, in order (`{a, b: [c, ...d]}` -> a, c, d). */
export function boundNames(pattern: unknown): string[] {
  const out: string[] = [];
  const todo: unknown[] = [pattern];
  while (todo.length > 0) {
    const p = node(todo.shift());
    if (!p) continue;
    switch (p.type) {
      case 'Identifier':
        out.push(String(p.name));
        break;
      case 'ObjectPattern':
        for (const prop of p.properties as unknown[]) {
          const q = node(prop);
          if (q?.type === 'RestElement') todo.push(q.argument);
          else if (q) todo.push(q.value);
        }
        break;
      case 'ArrayPattern':
        todo.push(...(p.elements as unknown[]).filter((e) => e !== null));
        break;
      case 'RestElement':
        todo.push(p.argument);
        break;
      case 'AssignmentPattern':
        todo.push(p.left);
        break;
      case 'TSParameterProperty':
        todo.push(p.parameter);
        break;
    }
  }
  return out;
}

/** A parameter's name as the entry event lists it, or null for TypeScript's `this` parameter. */
export function paramName(param: AstNode): string | null {
  if (param.type === 'TSThisParameter' || (param.type === 'Identifier' && param.name === 'this')) return null;
  const names = boundNames(param);
  if (
    param.type === 'Identifier' ||
    param.type === 'AssignmentPattern' ||
    param.type === 'RestElement' ||
    param.type === 'TSParameterProperty'
  ) {
    return names[0] ?? null;
  }
  return `{${names.join(', ')}}`;
}

/**
 * An assignment target worth naming: a variable (`x`), or a property of a variable or of `this`
 * (`cart.total`, `this.count`). Null for anything else (computed keys, deeper chains).
 */
export function targetName(target: AstNode | null): string | null {
  if (!target) return null;
  if (target.type === 'Identifier') return String(target.name);
  if (target.type === 'MemberExpression' && target.computed !== true) {
    const obj = node(target.object);
    const prop = node(target.property);
    if (!obj || !prop || (prop.type !== 'Identifier' && prop.type !== 'PrivateIdentifier')) return null;
    const key = prop.type === 'PrivateIdentifier' ? `#${String(prop.name)}` : String(prop.name);
    if (obj.type === 'Identifier') return `${String(obj.name)}.${key}`;
    if (obj.type === 'ThisExpression') return `this.${key}`;
  }
  return null;
}

/** A call's label: the callee as written when short (`save`, `cart.add`, `this.items.push`, `new Cart`). */
export function calleeName(call: AstNode): string {
  let callee = node(call.callee);
  while (callee?.type === 'ParenthesizedExpression') callee = node(callee.expression);
  const prefix = call.type === 'NewExpression' ? 'new ' : '';
  // `(0, ns.f)(...)`: a call without a `this`, as compilers (TypeScript, Babel, Vite) write the call
  // of an imported function; `ns` is the compiler's binding of the module (`cart_1`), `f` the import.
  if (callee?.type === 'SequenceExpression') {
    callee = node((callee.expressions as AstNode[]).at(-1));
    if (callee?.type === 'MemberExpression' && callee.computed !== true) return prefix + keyName(callee.property);
  }
  if (!callee) return `${prefix}<call>`;
  if (callee.type === 'Identifier') return prefix + String(callee.name);
  if (callee.type === 'MemberExpression' && callee.computed !== true) {
    const obj = node(callee.object);
    // An import a runner's transform turned into a member of its own binding: the imported name.
    if (obj?.type === 'Identifier' && RUNNER_NAME.test(String(obj.name))) return prefix + keyName(callee.property);
    return `${prefix}${objectPath(obj, 3) ?? '…'}.${keyName(callee.property)}`;
  }
  return `${prefix}<call>`;
}

/** An object as written when it is a short chain of names (`cart`, `this.items`, `test.only`); null otherwise. */
function objectPath(obj: AstNode | null, levels: number): string | null {
  if (obj?.type === 'Identifier') return String(obj.name);
  if (obj?.type === 'ThisExpression') return 'this';
  if (obj?.type !== 'MemberExpression' || obj.computed === true || levels <= 1) return null;
  const prop = node(obj.property);
  if (prop?.type !== 'Identifier' && prop?.type !== 'PrivateIdentifier') return null;
  const head = objectPath(node(obj.object), levels - 1);
  return head === null ? null : `${head}.${keyName(prop)}`;
}

/**
 * Names a test runner's transform gives its own bindings and calls: the runner's code, mapped onto
 * the program's lines, recorded as if the program had run it.
 *  - vitest runs Vite's SSR output: `const __vite_ssr_import_0__ = await __vite_ssr_import__(...)`,
 *    an export getter per name that every use of an import calls;
 *  - coverage (`jest --coverage`, nyc) runs istanbul's: a `cov_<hash>` function holding the
 *    counters, called before every statement (`cov_24bm40u6e5().s[0]++`); its hash is 12 hex
 *    digits written in base 36.
 */
export const RUNNER_NAME = /^(?:__vite_ssr_|cov_[0-9a-z]{8,11}$)/;
