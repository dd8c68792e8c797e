/**
 * PostGraphile v5 over the hub's database, the peer of `pnpm bench --peers`. Plain JavaScript because it
 * runs under the `node` package's Node 22 (PostGraphile 5 needs it), not under the project's Node 20 and tsx.
 * The amber preset, as an analyst's team would set it up, plus the two community plugins such a team would
 * add for reads the hub has: grouped aggregates (@graphile/pg-aggregates) and a filter across a relation
 * (postgraphile-plugin-connection-filter: the pairings of one helper unit's cadres).
 * Environment: DATABASE_URL (a role that reads every table: it runs WITHOUT the hub's row security), PORT.
 * Prints "postgraphile listening on PORT" once it answers.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const preset = {
  extends: [PostGraphileAmberPreset, PgAggregatesPreset, PostGraphileConnectionFilterPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  schema: { connectionFilterRelations: true },
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => console.log(`postgraphile listening on ${server.address().port}`));
await serv.addTo(server);
await pgl.getSchema(); // build the schema before saying it listens, so the first timed request does not
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pgl.release().then(() => process.exit(0));
});
