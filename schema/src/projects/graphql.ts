/*
 * The projects area (扶贫项目 and their money): its record types, each in a file of its own, registered in
 * this order, and the list it adds to villages.
 */
import { villageResource } from '../divisions/village';
import { children } from '../graph/resource';
import './project';
import './projectSite';
import './projectBeneficiary';
import './fundSource';
import './fundAllocation';
import './disbursement';

children(villageResource, 'villageId', {
  projectSites: { connection: 'ProjectSite', zh: '本村实施的项目', en: 'Projects carried out in this village' },
});
