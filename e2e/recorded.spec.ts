// A program recorded by `cinema record`, opened in the built web app: the AST panel shows the real
// module -> class -> method tree, the source view the .ts source itself, and the state panel the
// call's arguments and locals at the playhead - each checked against the recording read in Node.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordProgram } from '../src/node/record/testing';
import { referenceStore } from '../store/testing/host-fixture';
import { REPO_ROOT } from './electron-binary';
import { type OpenedWebApp, openWebApp } from './web-app';

let app: OpenedWebApp;
let page: Page;
let file: string;
const ref = referenceStore(new IDBFactory() as unknown as IDBFactory);
let refSession: string;

test.beforeAll(async () => {
  const out = join(REPO_ROOT, 'test-results', 'ts-esm.cinema');
  const r = recordProgram('ts-esm', ['npx', 'tsx', 'main.ts'], { out });
  expect(r.status).toBe(0);
  file = out;
  refSession = (await ref.importBytes(readFileSync(out), 'ts-esm.cinema')).session;
  app = await openWebApp({ width: 1440, height: 900 });
  page = app.page;
});

test.afterAll(async () => {
  await app?.close();
});

test('a recorded TypeScript program opens with its tree, its .ts source and the state of each call', async () => {
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('session-title')).toContainText('tsx main.ts', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });

  // The tree: both files as modules, the class and its methods under cart.ts.
  const node = (id: string) => page.locator(`[data-testid=ast-node][data-ast-node-id="${id}"]`);
  await expect(node('cart.ts')).toBeVisible();
  await expect(node('main.ts')).toBeVisible();
  await expect(node('cart.ts:1:8')).toContainText('Cart');
  await node('cart.ts:1:8').getByRole('button', { name: 'Expand' }).click();
  await expect(node('cart.ts:4:3')).toContainText('Cart.add');
  await expect(node('cart.ts:4:3').getByTestId('ast-node-count')).toHaveText('4'); // two calls, each an entry and an exit

  // Its source is the .ts file, the method's lines highlighted.
  await node('cart.ts:4:3').click();
  const source = page.getByTestId('source-view');
  await expect(source).toHaveAttribute('data-file', 'cart.ts');
  await expect(source.locator('.line.hl').first()).toContainText('add(name: string, price: number): number {');

  // The first call of Cart.add: the playhead goes there; the stack and its arguments as the store says.
  const entry = (await ref.client.call('events.astNode', { session: refSession, astNodeId: 'cart.ts:4:3', limit: 10 })).events[0];
  await page.locator(`[data-testid=event-row][data-event-id="${entry.event_id}"]`).click();
  await expect(page.getByTestId('inspector-ast-node')).toHaveText('Cart.add cart.ts:4:3');
  const state = await ref.client.call('session.stateAt', { session: refSession, t: entry.timestamp });
  const proc = state.processes.find((p) => p.stack.some((f) => f.function === 'Cart.add'))!;
  expect(proc.variables).toMatchObject({ name: 'book', price: 12 });
  await expect.poll(() => page.getByTestId('stack-frame').allTextContents()).toContain('Cart.add/2');
  const shown = await page
    .getByTestId('variable')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-name'), e.querySelector('td')?.textContent])));
  // Read as JavaScript, not as the tagged JSON the recording keeps (`{"$class":"Cart","lines":[]}`).
  expect(proc.variables.cart).toEqual({ $class: 'Cart', lines: [] });
  expect(shown).toMatchObject({ name: '"book"', price: '12', cart: 'Cart {lines: []}' });
  // As a debugger shows them: the running call's locals, apart from what the top-level code set.
  expect(proc.stack.at(-1)?.locals).toEqual({ name: 'book', price: 12 });
  const scopes = await page
    .getByTestId('variable')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-scope')} ${e.getAttribute('data-name')}`));
  expect(scopes).toEqual(expect.arrayContaining(['call name', 'call price', 'toplevel cart']));
  expect(scopes).not.toContain('toplevel name');

  // shippingFor(order): in the inspector its argument, an object two levels down, starts closed and
  // says it holds more (`{…}`), not an empty `{ }`.
  const ship = (await ref.client.call('session.extras', { session: refSession })).ast.find((n) => n.name === 'shippingFor')!;
  await node(ship.id).click();
  const shipEntry = (await ref.client.call('events.astNode', { session: refSession, astNodeId: ship.id, limit: 1 })).events[0];
  await page.locator(`[data-testid=event-row][data-event-id="${shipEntry.event_id}"]`).click();
  const closed = page.getByTestId('event-inspector').locator('.j-more').first();
  await expect(closed).toBeVisible();
  expect(await closed.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"…"');
  await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'recorded-session.png') });
});

test("a recorded jest run is followed test by test: a call's flow is its test's", async () => {
  const out = join(REPO_ROOT, 'test-results', 'jest.cinema');
  const r = recordProgram('jest', ['npx', 'jest'], { out });
  expect(r.status).toBe(0);
  const session = (await ref.importBytes(readFileSync(out), 'jest.cinema')).session;
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(out);
  await expect(page.getByTestId('session-title')).toContainText('npx jest', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  // A module in a folder: its file name first, where a narrow panel keeps it, then the folder.
  await expect(page.locator('[data-testid=ast-node][data-ast-node-id="src/cart.js"] .name')).toHaveText('cart.js src');

  // The second call of Cart.add, made by the test named 'adds'.
  const entry = (await ref.client.call('events.astNode', { session, astNodeId: 'src/cart.js:6:3', limit: 10 })).events[1];
  await page.locator(`[data-testid=event-row][data-event-id="${entry.event_id}"]`).click();
  const path = await ref.client.call('events.path', { session, eventId: entry.event_id });
  await expect(page.getByTestId('flow-name')).toHaveText('· test adds');
  await expect(page.getByTestId('correlation-step')).toHaveCount(path.steps.length);
  await expect(page.getByTestId('correlation-step').nth(1)).toContainText("test('adds') callback");

  // Every flow as a list: the tests' flows filtered by their ids, longest first, as the store orders them.
  await page.getByTestId('all-flows').click();
  await page.getByLabel('Filter flows').fill('test');
  const listed = await ref.client.call('session.flows', { session, sort: 'duration', descending: true, offset: 0, match: 'test' });
  expect(listed.flows.map((f) => f.first?.data)).toEqual([
    expect.objectContaining({ type: 'flow_start', root: 'test' }),
    expect.objectContaining({ type: 'flow_start', root: 'test' }),
    expect.objectContaining({ type: 'flow_start', root: 'test' }),
  ]);
  await page.getByLabel('Order flows').selectOption('duration');
  await expect(page.getByTestId('flows-total')).toHaveText('3 flows');
  await expect
    .poll(() => page.getByTestId('flow-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-correlation-id'))))
    .toEqual(listed.flows.map((f) => f.correlation_id));
  // Picking one follows it.
  const adds = listed.flows.find((f) => (f.first?.data as { detail?: string }).detail === 'adds')!;
  await page.locator(`[data-testid=flow-row][data-correlation-id="${adds.correlation_id}"]`).click();
  await expect(page.getByTestId('flow-name')).toHaveText('· test adds');
  await expect(page.getByTestId('correlation-step')).toHaveCount(adds.events);
});

test('a recorded server lists its requests as flows, with the status each was answered with', async () => {
  const out = join(REPO_ROOT, 'test-results', 'http.cinema');
  const r = recordProgram('http', ['node', 'server.js'], { out });
  expect(r.status).toBe(0);
  await page.goto(`${app.origin}/`);
  await page.getByTestId('import-input').setInputFiles(out);
  await expect(page.getByTestId('session-title')).toContainText('node server.js', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  await page.getByTestId('all-flows').click();
  await page.getByLabel('Filter flows').fill('http');
  await expect(page.getByTestId('flows-total')).toHaveText('2 flows');
  const kiwi = page.locator('[data-testid=flow-row]', { hasText: 'GET /kiwi' });
  await expect(kiwi.getByTestId('flow-status')).toHaveText('404');
  await expect(page.locator('[data-testid=flow-row]', { hasText: 'GET /apple' }).getByTestId('flow-status')).toHaveText('200');
  // Its waterfall ends where it was answered.
  await kiwi.click();
  await expect(page.getByTestId('correlation-step').last()).toContainText('flow ends: answered 404');
});
