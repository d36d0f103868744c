// Two runs compared in the built web app, checked against a reference store in Node that imported
// the same two files: the second run is the first with one event repeated (a loop run once more),
// so its first divergence is known before the test starts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoRecordingLines } from '../src/demo/recording';
import { withRepeatedEvent } from '../src/demo/diverged';
import { referenceStore } from '../store/testing/host-fixture';
import { REPO_ROOT } from './electron-binary';
import { openWebApp } from './web-app';

const REPEATED = 2_500;

test('two runs compared: per-node counts, the first divergence where it was made, and a jump to it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cinema-compare-'));
  const opts = { events: 6_000, seed: 31 };
  const files = { a: join(dir, 'yesterday.cinema'), b: join(dir, 'today.cinema') };
  // The same program twice, named apart in their headers (the library lists sessions by name).
  const named = (lines: Iterable<string>, name: string) => [...lines].join('\n').replace(/"name":"[^"]*"/, `"name":"${name}"`) + '\n';
  const text = {
    a: named(demoRecordingLines(opts), 'yesterday'),
    b: named(withRepeatedEvent(demoRecordingLines(opts), REPEATED), 'today'),
  };
  writeFileSync(files.a, text.a);
  writeFileSync(files.b, text.b);
  const ref = referenceStore(new IDBFactory() as unknown as IDBFactory);
  const ra = await ref.importBytes(new TextEncoder().encode(text.a), 'yesterday.cinema');
  const rb = await ref.importBytes(new TextEncoder().encode(text.b), 'today.cinema');
  const rows = await ref.client.call('compare.nodes', { a: ra.session, b: rb.session });
  const { divergence } = await ref.client.call('compare.divergence', { a: ra.session, b: rb.session, by: 'process' });
  // B's copy of the repeated event is where the runs part.
  expect(divergence!.b.event!.event_id).toBe(String(REPEATED + 1));
  const infoA = (await ref.client.call('sessions.list', {})).find((s) => s.id === ra.session)!;
  // Both runs lined up end to end: the pair with the change, as the reference lines it up.
  const { pairs } = await ref.client.call('compare.alignment', { a: ra.session, b: rb.session, by: 'process' });
  const changedPair = pairs.find((p) => p.inserted + p.deleted > 0)!;
  expect(changedPair).toMatchObject({ inserted: 1, deleted: 0 });

  const app = await openWebApp({ width: 1440, height: 900 });
  const page = app.page;
  try {
    await page.goto(`${app.origin}/`);
    for (const file of [files.a, files.b]) {
      await page.getByTestId('import-input').setInputFiles(file);
      await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
      await expect(page.getByTestId('session-title')).toBeVisible();
      await page.getByRole('button', { name: '← Library' }).click();
    }
    const row = (name: string) => page.getByTestId('session-row').filter({ hasText: name });
    await expect(page.getByTestId('compare-button')).toBeDisabled();
    await row('yesterday').getByTestId('compare-select').check();
    await row('today').getByTestId('compare-select').check();
    await page.getByTestId('compare-button').click();
    await expect(page.getByTestId('compare-view')).toBeVisible();

    // The node whose count changed comes first, with both counts as the reference has them.
    const changed = rows.filter((r) => r.events_a !== r.events_b);
    expect(changed).toHaveLength(1);
    const first = page.getByTestId('compare-node-row').first();
    await expect(first).toHaveAttribute('data-ast-node-id', changed[0].ast_node_id);
    await expect(first).toHaveAttribute('data-count-a', String(changed[0].events_a));
    await expect(first).toHaveAttribute('data-count-b', String(changed[0].events_b));
    // Named as the recording names the node, its id beside the name.
    const astName = (await ref.client.call('session.extras', { session: ra.session })).ast.find(
      (n) => n.id === changed[0].ast_node_id,
    )?.name;
    expect(astName).toBeTruthy();
    await expect(first.locator('.id')).toHaveText(`${astName} ${changed[0].ast_node_id}`);

    const found = page.getByTestId('first-divergence');
    await expect(found).toHaveAttribute('data-event-a', divergence!.a.event!.event_id, { timeout: 30_000 });
    await expect(found).toHaveAttribute('data-event-b', divergence!.b.event!.event_id);
    await expect(page.getByTestId('divergence-edits')).toContainText('B has 1 event A does not');
    // The whole runs, stacked: the one extra event of B is selected, and its column holds B's copy alone.
    const aligned = page.getByTestId('aligned-runs');
    await expect(aligned).toHaveAttribute('data-columns', String(changedPair.columns), { timeout: 30_000 });
    await expect(aligned).toHaveAttribute('data-inserted', '1');
    await expect(aligned).toHaveAttribute('data-deleted', '0');
    const selection = page.getByTestId('aligned-selection');
    await expect(selection).toHaveAttribute('data-op', 'insert');
    await expect(selection).toHaveAttribute('data-event-a', '');
    await expect(selection).toHaveAttribute('data-event-b', divergence!.b.event!.event_id);
    await expect(selection).toHaveAttribute('data-column', String(changedPair.runs[0].n));
    await expect(aligned).not.toHaveAttribute('data-cells', '0');
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'compare.png') });
    // The arrow key steps both lanes one column on: A's event and B's, in step again.
    await page.getByTestId('aligned-canvas').focus();
    await page.keyboard.press('ArrowRight');
    await expect(selection).toHaveAttribute('data-op', 'equal');
    await expect(selection).toHaveAttribute('data-event-a', divergence!.a.event!.event_id);
    // No change after it; back to it with P; Fit shows every column.
    await page.getByTestId('aligned-next-change').click();
    await expect(selection).toHaveAttribute('data-op', 'equal');
    await page.getByTestId('aligned-canvas').focus();
    await page.keyboard.press('p');
    await expect(selection).toHaveAttribute('data-op', 'insert');
    await page.getByTestId('aligned-fit').click();
    await expect(aligned).toHaveAttribute('data-from', '0');
    await expect(aligned).toHaveAttribute('data-to', String(changedPair.columns));
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'compare-fit.png') });
    // The wheel zooms in around the pointer; a drag to the left moves both lanes on.
    const span = async () => Number(await aligned.getAttribute('data-to')) - Number(await aligned.getAttribute('data-from'));
    const box = (await page.getByTestId('aligned-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(span).toBeLessThan(changedPair.columns);
    const before = Number(await aligned.getAttribute('data-from'));
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await aligned.getAttribute('data-from'))).toBeGreaterThan(before);

    // Clicking it opens A with the playhead at A's diverging event.
    await found.click();
    await expect(page.getByTestId('session-title')).toHaveText(infoA.name);
    await expect(page.getByTestId('playhead')).toHaveAttribute(
      'data-time',
      String(BigInt(infoA.epoch) + BigInt(divergence!.a.event!.timestamp)),
    );
    await expect(page.getByTestId('event-inspector')).toContainText(`Event ${divergence!.a.event!.event_id}`);
    // Back from the session is back to the comparison.
    await page.getByRole('button', { name: '← Library' }).click();
    await expect(page.getByTestId('compare-view')).toBeVisible();
    // From a session, "Compare with…" makes it run A and the one picked run B.
    await page.getByRole('button', { name: '← Library' }).click();
    await row('today').getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('compare-with').selectOption({ label: 'yesterday' });
    await expect(page.getByTestId('compare-view').locator('h1')).toHaveText(/A\s*today\s*vs\s*B\s*yesterday/);
    await expect(page.getByTestId('first-divergence')).toHaveAttribute('data-event-a', divergence!.b.event!.event_id);
  } finally {
    await app.close();
  }
});
