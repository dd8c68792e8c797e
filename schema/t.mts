import { connect } from '/work/wt/small/schema/src/db/connect';
const d = await connect({ dataDir: '/tmp/small-exp/srv' });
console.log('open');
await d.close();
console.log('closed');
const fs = await import('node:fs');
console.log('lock exists', fs.existsSync('/tmp/small-exp/srv.lock'));
