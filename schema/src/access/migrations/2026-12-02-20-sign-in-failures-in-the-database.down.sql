drop table sign_in_failure
