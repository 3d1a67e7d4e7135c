-- A driver's scans of one phase in id order (GET /api/scans/?phase=N): one index range, as the unfiltered
-- list has in scans_user_id_idx. Without it the page walked the driver's whole history skipping the other
-- phases, so its cost grew with the driver's scans (30 ms at 6,000).
CREATE INDEX scans_user_phase_id_idx ON scans (user_id, phase, id);
