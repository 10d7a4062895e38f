import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { COMMANDS } from '../ids';
import { clickableLenses } from '../lenses';

describe('clickableLenses', () => {
  it('turns label-only lenses into the size report command, leaves others alone', () => {
    const lenses = [
      { command: { title: 'final image 8.3 MB on disk', command: '' } },
      { command: { title: 'Run', command: 'other.run', arguments: [1] } },
      {},
    ];
    assert.deepEqual(clickableLenses(lenses), [
      {
        command: {
          title: 'final image 8.3 MB on disk',
          command: COMMANDS.showSizeReport,
          tooltip: 'Show the image size report',
        },
      },
      { command: { title: 'Run', command: 'other.run', arguments: [1] } },
      {},
    ]);
  });
});
