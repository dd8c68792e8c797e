/**
 * Loaded into the hub's process by `pnpm bench:soak` (NODE_OPTIONS=--import): the hub exposes no memory
 * figures of its own, and a heap's size can only be read from inside. Writes one line to standard error when
 * asked (SIGUSR2), so the soak samples heap and RSS at the same moments.
 */
process.on('SIGUSR2', () => {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const mb = (bytes) => Math.round(bytes / 1048576);
  process.stderr.write(
    `memory-probe ${JSON.stringify({ rssMb: mb(rss), heapUsedMb: mb(heapUsed), heapTotalMb: mb(heapTotal), externalMb: mb(external) })}\n`,
  );
});
