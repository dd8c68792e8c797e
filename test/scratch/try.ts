import { connect } from '../../schema/src/db/connect';
import { migrateToLatest, migrateToEmpty } from '../../schema/src/db/migrate';
for (const opts of [{ dataDir: 'memory://' }, { databaseUrl: 'postgres://postgres@127.0.0.1:5432/fupin_try' }]) {
  const t = Date.now();
  const h = await connect(opts);
  try {
    console.log(h.kind, await migrateToLatest(h.db), Date.now() - t, 'ms');
    await migrateToEmpty(h.db);
    console.log('down ok');
    console.log(await migrateToLatest(h.db));
  } catch (e) { console.error(e); }
  await h.close();
}
