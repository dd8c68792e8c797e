import { parse, validate, specifiedRules } from 'graphql';
import { schema, costAndDepthRule } from '../../schema/src/index';
const doc = parse(`mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }`);
try { console.log(validate(schema, doc, [...specifiedRules, costAndDepthRule])); } catch (e) { console.error(e); }
