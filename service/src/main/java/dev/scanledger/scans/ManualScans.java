package dev.scanledger.scans;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.web.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

/**
 * Scans entered or corrected by hand (the operator console), through the API's own write paths and
 * rules: a new scan is the create's single INSERT ... ON CONFLICT, so a duplicate is refused with the
 * API's 400 and its message; a correction is the upsert of the PUT, made as the scan's own driver.
 * Invalid input throws the API's {@link dev.scanledger.web.ValidationException} with DRF's messages.
 */
@Component
public class ManualScans {

    private final ScanForm form;
    private final ScanRecorder recorder;
    private final ScanUpserter upserter;
    private final JdbcClient jdbc;

    ManualScans(ScanForm form, ScanRecorder recorder, ScanUpserter upserter, JdbcClient jdbc) {
        this.form = form;
        this.recorder = recorder;
        this.upserter = upserter;
        this.jdbc = jdbc;
    }

    /** The scan as the console's audit log keeps it. */
    public record Written(long id, Map<String, Object> before, Map<String, Object> after) {
    }

    /**
     * Records a scan for {@code driver} from the fields {@code label}, {@code phase}, {@code distribution},
     * {@code store}, {@code label_coordinate} and an optional photo.
     */
    public Written record(AuthenticatedUser driver, Map<String, String> fields, MultipartFile image) {
        ScanView created = recorder.record(ScanEndpoint.CONSOLE, driver, form.read(new ConsoleScanFields(fields, image)));
        return new Written(created.id(), null, snapshot(created));
    }

    /**
     * Changes the scan's sites, coordinate or photo (its label and phase are what it is, and stay). The
     * row is locked first, so the before and after the audit log keeps are the write's own.
     */
    @Transactional
    public Written correct(long scanId, Map<String, String> fields, MultipartFile image) {
        Owner owner = jdbc.sql("""
                SELECT s.user_id, u.username, u.role, s.label_id, s.phase FROM scans s JOIN users u ON u.id = s.user_id
                 WHERE s.id = :id FOR UPDATE OF s
                """)
                .param("id", scanId)
                .query((rs, n) -> new Owner(new AuthenticatedUser(rs.getLong("user_id"), rs.getString("username"),
                        dev.scanledger.accounts.Role.fromDb(rs.getString("role"))), rs.getLong("label_id"), rs.getInt("phase")))
                .optional()
                .orElseThrow(NotFoundException::new);
        ScanView before = upserter.current(owner.label(), owner.phase());
        KeyedScanFields keyed = new KeyedScanFields(new ConsoleScanFields(fields, image), owner.label(), owner.phase());
        NewScan scan = form.read(keyed);
        ScanRepository.SentFields sent = new ScanRepository.SentFields(
                keyed.sent("distribution"), keyed.sent("store"), keyed.sent("label_image"), keyed.sent("label_coordinate"));
        ScanView after = upserter.upsert(owner.driver(), scan, sent).scan();
        return new Written(scanId, snapshot(before), snapshot(after));
    }

    private record Owner(AuthenticatedUser driver, long label, int phase) {
    }

    private static Map<String, Object> snapshot(ScanView scan) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", scan.id());
        values.put("user", scan.user().username());
        values.put("label", scan.label());
        values.put("phase", scan.phase());
        values.put("distribution", scan.distribution());
        values.put("store", scan.store());
        values.put("label_image", scan.labelImage());
        values.put("label_coordinate", scan.labelCoordinate());
        return values;
    }
}
