import { parentPort } from 'node:worker_threads';
import { type RangeTask, readRange, transferables } from './csv-stream.js';

/**
 * A thread reading one byte range of a CSV file (csv-stream.ts's readRanges): the result's code
 * arrays are handed over without a copy. Errors go back as their message (the main thread
 * raises them; file errors name no cell value).
 */
parentPort?.on('message', async (task: RangeTask) => {
  try {
    const result = await readRange(task);
    parentPort?.postMessage({ result }, transferables(result));
  } catch (e) {
    parentPort?.postMessage({ error: (e as Error).message });
  }
});
