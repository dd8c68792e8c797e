/** Division levels (行政区划级别). The county's tree: county → township → village → group. */
export const DIVISION_LEVELS = ['COUNTY', 'TOWNSHIP', 'VILLAGE', 'GROUP'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];
