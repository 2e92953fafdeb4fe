package org.essaim.usage;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.SpaceUsageRecord;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.mail.Outbox;
import org.essaim.space.SpaceQuotas;
import org.essaim.space.SpaceSettings;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.essaim.db.Tables.SPACE_USAGE;

/**
 * Tells a space's admins when its storage crosses 80% and 95% of its quota: once per crossing. The level last told
 * is kept on the space's usage row; going back under lowers it without a word, so crossing again tells again.
 */
@Service
class StorageAlerts {

    static final String TEMPLATE = "storage-threshold";
    static final int NEAR = 80;
    static final int FULL = 95;

    private final DSLContext db;
    private final SpaceMembers members;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final SpaceSettings spaces;

    StorageAlerts(DSLContext db, SpaceMembers members, Outbox outbox, AuditLog auditLog, SpaceSettings spaces) {
        this.db = db;
        this.members = members;
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.spaces = spaces;
    }

    /** 95 at or above 95% of the quota, 80 at or above 80%, else 0. */
    static int level(long usedBytes, long quotaBytes) {
        if (usedBytes * 100 >= (long) FULL * quotaBytes) {
            return FULL;
        }
        return usedBytes * 100 >= (long) NEAR * quotaBytes ? NEAR : 0;
    }

    /**
     * Brings the space's alert level in line with its latest storage figure and quota, and emails its admins when
     * the level rose. Runs under the usage row's lock, so two runs at once never send twice.
     *
     * @return whether an email was sent
     */
    @Transactional
    public boolean review(SpaceQuotas.Quota space) {
        SpaceUsageRecord usage = db.selectFrom(SPACE_USAGE)
                .where(SPACE_USAGE.SPACE_ID.eq(space.spaceId()))
                .forUpdate()
                .fetchOne();
        if (usage == null || usage.getStorageUsedBytes() == null) {
            return false;
        }
        int previous = usage.getAlertLevel();
        int level = level(usage.getStorageUsedBytes(), space.storageBytes());
        if (level == previous) {
            return false;
        }
        usage.setAlertLevel((short) level);
        usage.store();
        if (level < previous) {
            return false;
        }
        List<String> recipients = admins(space);
        Locale locale = Locale.forLanguageTag("en".equals(space.language()) ? "en" : "fr");
        for (String recipient : recipients) {
            outbox.enqueue(recipient, locale, TEMPLATE, variables(space, usage.getStorageUsedBytes(), level));
        }
        auditLog.record(
                AuditLog.SYSTEM_ACTOR,
                AuditAction.SPACE_STORAGE_ALERT_SENT,
                "space:" + space.slug(),
                AuditDetail.SPACE_STORAGE_ALERT_SENT,
                level,
                usage.getStorageUsedBytes(),
                space.storageBytes(),
                recipients.size());
        return true;
    }

    /** The space's admins who can sign in; the referent when the directory has none yet. */
    private List<String> admins(SpaceQuotas.Quota space) {
        List<String> admins = members.list(space.slug()).stream()
                .filter(person -> person.admin() && !person.disabled())
                .map(SpacePerson::email)
                .distinct()
                .toList();
        return admins.isEmpty() ? List.of(space.referentEmail()) : admins;
    }

    private Map<String, Object> variables(SpaceQuotas.Quota space, long usedBytes, int level) {
        // The subject's arguments are the values in this order: {0} the space's name, {1} the threshold.
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("spaceName", space.displayName());
        variables.put("threshold", level);
        variables.put("percent", (int) Math.min(999, usedBytes * 100 / space.storageBytes()));
        variables.put("usedGiB", usedBytes / (double) (1L << 30));
        variables.put("quotaGiB", space.storageGiB());
        variables.put("address", spaces.address(space.slug()));
        return variables;
    }
}
