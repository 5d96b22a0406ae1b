import path from 'node:path';
import { fileImports, importCycles, roomArrows, unplacedRooms, upwardArrows } from '../../scripts/import-graph';

// The layout the README's *Architecture* describes: floors from the ground up, and only the arrows
// it names running back up them.

const ROOT = path.join(__dirname, '..', '..');
const imports = fileImports(ROOT);
const arrows = roomArrows(imports);

test('no files import each other in a circle', () => {
  expect(importCycles(imports)).toEqual([]);
});

test('every room is on a floor', () => {
  expect(unplacedRooms(arrows)).toEqual([]);
});

test('only the arrows the README names run back up the floors', () => {
  const up = upwardArrows(arrows).map((a) => `${a.from} -> ${a.to}${a.typeOnly ? ' (type-only)' : ''}`);
  expect(up).toEqual([
    // The Temporal client signals workflows through their definitions (and names the workflow's type).
    'src/temporal -> workflows',
    // Workflows call activities through proxies typed by the activities' module: types only.
    'workflows -> activities (type-only)',
  ]);
});

test('the workflow imports only the domain, its own folder and the activities\' types', () => {
  const outside = imports.filter((i) => i.from.startsWith('workflows/') && !i.to.startsWith('workflows/') && !i.to.startsWith('src/domain/'));
  expect(outside.filter((i) => !(i.to.startsWith('activities/') && i.typeOnly))).toEqual([]);
});
