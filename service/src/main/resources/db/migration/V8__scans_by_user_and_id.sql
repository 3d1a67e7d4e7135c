-- The scan list's default order is id ascending (DRF's OrderingFilter default of the original view); this index
-- answers a driver's page in that order without a sort. The newest-first index stays for ?ordering=-created_date.
CREATE INDEX scans_user_id_idx ON scans (user_id, id);
