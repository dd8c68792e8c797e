import { sql } from 'kysely';
import { writeAudit } from '../access/audit';
import { builder } from '../builder';
import { requireViewer } from '../graph/access';
import { decodeId } from '../graph/ids';
import { HubGraphQLError } from '../errors';
import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { ofHousehold } from '../graph/place';
import { policy } from '../graph/scope';
import { memberFields } from './fields';
import { pairedHouseholds } from './reach';
import { memberRules } from './rules';

export const memberResource = recordType('Member', '家庭成员', 'Member', {
  ...ofHousehold('member'),
  fields: memberFields,
  computed: {
    age: {
      type: 'Int',
      label: { zh: '年龄', en: 'Age' },
      nullable: false,
      sql: (t) => sql`date_part('year', age(current_date, ${sql.ref(`${t}.birthDate`)}))::int`,
    },
    maskedResidentId: {
      type: 'String',
      label: { zh: '身份证号码（脱敏）', en: 'Resident ID number, masked' },
      maskOf: 'residentId',
      sql: (t) => sql`left(${sql.ref(`${t}.residentId`)}, 6) || '********' || right(${sql.ref(`${t}.residentId`)}, 4)`,
    },
  },
  people: { expression: () => sql`1` },
  partner: (_eb, unit) => sql`member.household_id in (${pairedHouseholds(unit)})`,
  defaultSort: [asc('householdId')],
  rules: memberRules,
});

/**
 * The full resident ID number of one member, for an administrator or a clerk whose scope reaches the member.
 * Every reveal is written to the audit log (who, when, whose number): the number is otherwise always masked.
 */
builder.mutationField('revealResidentId', (t) =>
  t.string({
    nullable: true,
    description: '查看某成员的完整身份证号码（留痕）/ reveal a member’s full resident ID number (audited)',
    args: { memberId: t.arg.id({ required: true }) },
    resolve: async (_root, { memberId }, ctx) => {
      const viewer = requireViewer(ctx);
      if (policy(ctx, memberResource.config).withheld.has('residentId')) {
        throw new HubGraphQLError(
          'FORBIDDEN',
          { zh: '当前角色不能查看完整身份证号码', en: 'Your role may not see full ID numbers' },
          ctx.locale,
        );
      }
      const id = decodeId(String(memberId), 'Member', ctx.locale, 'memberId');
      return ctx.db.transaction().execute(async (tx) => {
        const member = await memberResource
          .from({ ...ctx, db: tx })
          .select(['member.id', 'member.residentId'])
          .where('member.id', '=', id)
          .executeTakeFirst();
        if (!member) throw new HubGraphQLError('NOT_FOUND', { zh: '找不到该家庭成员', en: 'No such member' }, ctx.locale);
        await writeAudit(tx, viewer, { operation: 'REVEAL', recordType: 'Member', recordId: id, after: { field: 'residentId' } });
        return member.residentId as string | null;
      });
    },
  }),
);
