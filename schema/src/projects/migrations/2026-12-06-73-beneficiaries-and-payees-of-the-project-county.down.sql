drop trigger township_county_of_projects on township
--;;
drop trigger village_county_of_projects on village
--;;
drop trigger household_county_of_projects on household
--;;
drop trigger project_county_links on project
--;;
drop trigger disbursement_county on disbursement
--;;
drop trigger project_beneficiary_county on project_beneficiary
--;;
drop function hub_check_project_county_links()
