import { GridList } from '../grid/GridList';

/** 扶贫项目 as a spreadsheet */
export const ProjectGrid = () => (
  <GridList
    columns={['code', 'name', 'year', 'actionCategory', 'programme', 'implementingUnit', 'budget', 'status', 'startDate', 'endDate', 'description']}
    frozen={2}
    filters={['status', 'year', 'actionCategory']}
    sort={{ field: 'year', order: 'DESC' }}
  />
);
