/** Options the areas' field specs share (graph/fields.ts), said once. */
import { reference } from './fields';

/** A year the hub keeps: the tables check the same bounds. */
export const YEAR = { min: 2000, max: 2100 } as const;

/** A field records are known by: never empty, and lists filter and sort on it. */
export const KEY = { required: true, filter: true, sort: true } as const;

/**
 * The county a county-level record is of (issue 16: published figures, targets, projects, fund sources). Left
 * out on creation, it is the writer's one county, or the hub's only one (the column's default,
 * hub_default_county()); the whole hub's administrator of several counties names it.
 */
export const countyOfRecord = () =>
  reference({ zh: '县', en: 'County' }, 'County', 'countyId', {
    filter: true,
    description: 'the county the record is of; by default the writer’s own county (or the hub’s only one)',
  });
