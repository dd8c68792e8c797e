/**
 * A worker thread staging its part of a national register file (nationalStage.ts' stagedBatches): each of its
 * batches sent as it is made (the COPY text's bytes moved, not copied), never more than AHEAD in front of the
 * batches the importing thread has taken.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError } from './contract';
import { AHEAD, stagedBatches, type StageWorkerData, type StageWorkerMessage } from './nationalStage';

async function run(data: StageWorkerData, port: NonNullable<typeof parentPort>): Promise<void> {
  const send = (message: StageWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    // a file's bytes come as a Uint8Array (what a Buffer is cloned as): a Buffer again, on the same memory
    const { file } = data;
    const own =
      'bytes' in file ? { name: file.name, bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) } : file;
    const batches = stagedBatches(own, data.part);
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        send({ kind: 'end', ...next.value });
        return;
      }
      const batch = next.value;
      // blocks this thread (only) while the COPY is behind
      for (let taken = Atomics.load(data.taken, 0); batch.batch - taken >= AHEAD; taken = Atomics.load(data.taken, 0))
        Atomics.wait(data.taken, 0, taken);
      send({ kind: 'batch', batch }, batch.lines.byteLength ? [batch.lines.buffer as ArrayBuffer] : []);
    }
  } catch (error) {
    const file = error instanceof ImportFileError ? error : null;
    send({ kind: 'error', message: (error as Error).message, text: file?.text ?? null, sheet: file?.sheet ?? null });
  }
}

if (parentPort) void run(workerData as StageWorkerData, parentPort);
