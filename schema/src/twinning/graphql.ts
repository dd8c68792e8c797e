/*
 * The twinning area (结对帮扶): its record types, each in a file of its own, registered in this order, and
 * the lists it adds to villages and households.
 */
import { villageResource } from '../divisions/village';
import { householdResource } from '../households/household';
import { children } from '../graph/resource';
import './helperUnit';
import './cadre';
import './unitVillagePairing';
import './workTeamAssignment';
import './cadreHouseholdPairing';
import './assistanceMeasure';
import './visitLog';

children(villageResource, 'villageId', {
  unitPairings: { list: 'UnitVillagePairing', zh: '定点帮扶单位', en: 'Helper units paired with this village' },
  workTeam: { list: 'WorkTeamAssignment', zh: '驻村工作队', en: 'The village’s work team' },
});
children(householdResource, 'householdId', {
  cadrePairings: { list: 'CadreHouseholdPairing', zh: '结对帮扶干部', en: 'Cadres paired with this household' },
});
