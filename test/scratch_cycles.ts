import { importCycles } from './support/importCycles';
for (const root of ['schema/src', 'admin/src', 'server/src']) for (const c of importCycles('/work/wt/policy/' + root)) console.log(root, c.join(' -> '));
