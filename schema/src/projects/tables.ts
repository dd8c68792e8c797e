import type { Generated } from 'kysely';
import type { Decimal, IsoDate, RecordColumns } from '../db/columns';
import type { ActionCategory, FundLevel, PayeeType, Programme, ProjectStatus } from './codes';

export interface ProjectTable extends RecordColumns {
  /** the county carrying it out (by default the writer's one county: hub_default_county()); its code is unique within it */
  countyId: Generated<number>;
  code: string;
  name: string;
  year: number;
  actionCategory: ActionCategory;
  programme: Programme | null;
  implementingUnit: string;
  budget: Decimal;
  status: Generated<ProjectStatus>;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  description: Generated<string>;
}

export interface ProjectSiteTable extends RecordColumns {
  projectId: number;
  villageId: number;
}

export interface ProjectBeneficiaryTable extends RecordColumns {
  projectId: number;
  householdId: number;
}

export interface FundSourceTable extends RecordColumns {
  /** the county that received the money (by default the writer's one county) */
  countyId: Generated<number>;
  name: string;
  level: FundLevel;
  year: number;
  documentNumber: Generated<string>;
  amount: Decimal;
  receivedOn: IsoDate | null;
}

export interface FundAllocationTable extends RecordColumns {
  fundSourceId: number;
  projectId: number;
  amount: Decimal;
  allocatedOn: IsoDate | null;
  documentNumber: Generated<string>;
}

export interface DisbursementTable extends RecordColumns {
  fundAllocationId: number;
  payeeType: PayeeType;
  payeeHouseholdId: number | null;
  payeeVillageId: number | null;
  payeeName: string;
  amount: Decimal;
  paidOn: IsoDate;
  voucherNumber: Generated<string>;
}

export interface ProjectTables {
  project: ProjectTable;
  projectSite: ProjectSiteTable;
  projectBeneficiary: ProjectBeneficiaryTable;
  fundSource: FundSourceTable;
  fundAllocation: FundAllocationTable;
  disbursement: DisbursementTable;
}
