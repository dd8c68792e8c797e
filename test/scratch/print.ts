import { printHubSchema } from '../../schema/src/index';
console.log(printHubSchema());
