/*
 * The households area (贫困户): its record types, each in a file of its own, registered in this order, and
 * the list it adds to villages.
 */
import { villageResource } from '../divisions/village';
import { children } from '../graph/resource';
import './household';
import './member';
import './householdIncome';

children(villageResource, 'villageId', { households: { connection: 'Household', zh: '本村贫困户', en: 'Households of this village' } });
