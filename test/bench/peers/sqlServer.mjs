/**
 * The floor of `pnpm bench --peers`: each read as one hand-written statement that returns its JSON built by
 * PostgreSQL, served on bare node:http through `pg` — no GraphQL, no sign-in, no row security. Plain
 * JavaScript run by the project's own Node (no tsx), so that it costs what such a server costs.
 * GET /<read>?p=<JSON array of parameters> answers the statement's one JSON value.
 * Environment: DATABASE_URL, PORT, CONNECTIONS (the pool's size). Prints "sql listening on PORT".
 */
import { createServer } from 'node:http';
import pg from 'pg';

/** The statements, by the read's letter (test/bench/peers/reads.ts says what each read is). $1 of A, B, E: the villages whose households the user sees (null: all). */
const STATEMENTS = {
  A: `select coalesce(json_agg(json_build_object('id', h.id, 'household_number', h.household_number, 'status', h.status, 'village', json_build_object('name', v.name),
        'members', (select coalesce(json_agg(json_build_object('id', m.id, 'name', m.name, 'relation', m.relation, 'birth_date', m.birth_date) order by m.id), '[]')
                      from member m where m.household_id = h.id)) order by h.household_number), '[]')
      from (select * from household where $1::int[] is null or village_id = any($1) order by household_number limit 100) h join village v on v.id = h.village_id`,
  B: `select coalesce(json_agg(json_build_object('id', v.id, 'name', v.name, 'households',
        (select coalesce(json_agg(json_build_object('id', h.id, 'household_number', h.household_number, 'members',
            (select coalesce(json_agg(json_build_object('id', m.id, 'name', m.name) order by m.id), '[]') from member m where m.household_id = h.id))
          order by h.household_number), '[]')
           from (select id, household_number from household h where h.village_id = v.id and ($1::int[] is null or h.village_id = any($1))
                  order by h.household_number limit 10) h)) order by v.code), '[]')
      from (select * from village order by code limit 20) v`,
  C: `select json_build_object('total', (select count(*) from household where village_id = $1 and status = 'POOR'),
        'nodes', (select coalesce(json_agg(json_build_object('id', h.id, 'household_number', h.household_number, 'planned_exit_year', h.planned_exit_year) order by h.household_number), '[]')
                    from (select * from household where village_id = $1 and status = 'POOR' order by household_number limit 50) h))`,
  D: `select json_build_object('id', id, 'household_number', household_number, 'status', status, 'phone', phone) from household where id = $1`,
  E: `select coalesce(json_agg(json_build_object('village_id', village_id, 'status', status, 'count', count, 'arable_land_mu', arable_land_mu) order by village_id, status), '[]')
      from (select village_id, status, count(*) as count, sum(arable_land_mu) as arable_land_mu from household
             where $1::int[] is null or village_id = any($1) group by village_id, status) g`,
  F: `select coalesce(json_agg(json_build_object('id', p.id, 'version', p.version, 'start_date', p.start_date, 'end_date', p.end_date, 'note', p.note) order by p.id), '[]')
      from (select p.* from cadre_household_pairing p join cadre c on c.id = p.cadre_id where c.helper_unit_id = $1 order by p.id limit 100) p`,
};

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.CONNECTIONS ?? 4) });
// json comes back as text: the server forwards PostgreSQL's JSON as it is, without parsing it
pg.types.setTypeParser(114, (text) => text);

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const statement = STATEMENTS[url.pathname.slice(1)];
  if (!statement) {
    response.writeHead(404).end();
    return;
  }
  try {
    const { rows } = await pool.query({ text: statement, values: JSON.parse(url.searchParams.get('p') ?? '[]'), rowMode: 'array' });
    response.writeHead(200, { 'content-type': 'application/json' }).end(rows[0]?.[0] ?? 'null');
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`sql listening on ${server.address().port}`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
