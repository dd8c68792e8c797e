import DataLoader from 'dataloader';
import { sql } from 'kysely';
import { builder } from '../builder';
import { requireViewer } from '../graph/access';
import { desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import type { RowOf } from '../graph/recordShape';
import { loaderFor } from '../graph/resource';
import { ofHousehold } from '../graph/place';
import { householdIncomeFields } from './fields';
import { householdResource } from './household';
import { perCapitaNetIncomeField } from './income';
import { pairedHouseholds } from './reach';

export const householdIncomeResource = recordType('HouseholdIncome', '家庭年收入', 'Household income', {
  ...ofHousehold('household_income'),
  description: 'one household’s income in one year; net income and per-capita net income are derived, never typed in',
  fields: householdIncomeFields,
  computed: { perCapitaNetIncome: perCapitaNetIncomeField },
  partner: (_eb, unit) => sql`household_income.household_id in (${pairedHouseholds(unit)})`,
  defaultSort: [desc('year')],
});

// A household's income in one year: the grid's income columns, batched for the whole page.
builder.objectField(householdResource.ref, 'income', (t) =>
  t.field({
    type: householdIncomeResource.ref,
    nullable: true,
    description: '某一年度的收入 / the income of one year',
    args: { year: t.arg.int({ required: true }) },
    resolve: (row, { year }, ctx) => {
      requireViewer(ctx);
      const loader = loaderFor(
        ctx,
        `Household.income:${year}`,
        () =>
          new DataLoader<number, RowOf<'householdIncome'> | null>(async (ids) => {
            const rows = await householdIncomeResource
              .select(ctx)
              .where(sql.ref('householdIncome.householdId'), 'in', [...ids])
              .where(sql.ref('householdIncome.year'), '=', year)
              .execute();
            const map = new Map(rows.map((r) => [r.householdId, r]));
            return ids.map((id) => map.get(id) ?? null);
          }),
      );
      return loader.load(row.id as number);
    },
  }),
);
