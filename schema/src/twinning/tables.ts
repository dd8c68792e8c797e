import type { Generated } from 'kysely';
import type { IsoDate, PlaceColumn, RecordColumns } from '../db/columns';
import type { Sex } from '../households/codes';
import type { ActionCategory } from '../projects/codes';
import type { HelperUnitKind, HelperUnitLevel, VisitMode, WorkTeamRole } from './codes';

export interface HelperUnitTable extends RecordColumns {
  name: string;
  kind: HelperUnitKind;
  level: HelperUnitLevel;
  contactName: Generated<string>;
  contactPhone: string | null;
  address: Generated<string>;
}

export interface CadreTable extends RecordColumns {
  helperUnitId: number;
  name: string;
  sex: Sex;
  mobile: string;
  position: Generated<string>;
}

export interface UnitVillagePairingTable extends RecordColumns {
  helperUnitId: number;
  villageId: number;
  isLead: Generated<boolean>;
  startDate: IsoDate;
  endDate: IsoDate | null;
  note: Generated<string>;
}

export interface WorkTeamAssignmentTable extends RecordColumns {
  cadreId: number;
  villageId: number;
  role: WorkTeamRole;
  startDate: IsoDate;
  endDate: IsoDate | null;
  note: Generated<string>;
}

export interface CadreHouseholdPairingTable extends RecordColumns {
  cadreId: number;
  householdId: number;
  villageId: PlaceColumn;
  startDate: IsoDate;
  endDate: IsoDate | null;
  note: Generated<string>;
}

export interface AssistanceMeasureTable extends RecordColumns {
  cadreHouseholdPairingId: number;
  villageId: PlaceColumn;
  actionCategory: ActionCategory;
  description: string;
  startedOn: IsoDate;
  amount: string | number | null;
}

export interface VisitLogTable extends RecordColumns {
  cadreHouseholdPairingId: number;
  villageId: PlaceColumn;
  visitedOn: IsoDate;
  mode: VisitMode;
  content: string;
  followUps: Generated<string>;
  followUpDue: IsoDate | null;
}

export interface TwinningTables {
  helperUnit: HelperUnitTable;
  cadre: CadreTable;
  unitVillagePairing: UnitVillagePairingTable;
  workTeamAssignment: WorkTeamAssignmentTable;
  cadreHouseholdPairing: CadreHouseholdPairingTable;
  assistanceMeasure: AssistanceMeasureTable;
  visitLog: VisitLogTable;
}
