package org.ddrrbus.auditor.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.events.AuditAccessRecorded;
import org.ddrrbus.events.AuditOperation;

/**
 * What a run is about to read and why, as it will be recorded.
 *
 * @param purpose a purpose of the agreement; required for every command that shows event content
 * @param reference the oversight body's own case or ticket code, if given
 * @param recordsInRange how many records the planned offsets hold, before filters
 */
public record AccessRequest(
        AuditOperation operation,
        List<String> topics,
        Optional<String> purpose,
        Optional<String> reference,
        Window window,
        Filters filters,
        Optional<String> exportFormat,
        boolean protectedFieldsShown,
        long recordsInRange) {

    public AccessRequest {
        topics = List.copyOf(topics);
    }

    AuditAccessRecorded event(String principal, String user, Instant at) {
        return AuditAccessRecorded.newBuilder()
                .setSubjectRef("audit:" + principal)
                .setPrincipal(principal)
                .setAuditorUser(user)
                .setOperation(operation)
                .setTopics(topics)
                .setPurpose(purpose.orElse(null))
                .setReference(reference.orElse(null))
                .setSubjectFilter(filters.subject().orElse(null))
                .setEventTypeFilter(filters.eventType().orElse(null))
                .setAgencyFilter(filters.agency().orElse(null))
                .setDeliveryPurposeFilter(filters.deliveryPurpose().orElse(null))
                .setPartitionFilter(window.partition().orElse(null))
                .setFromOffset(window.fromOffset().orElse(null))
                .setToOffset(window.toOffset().orElse(null))
                .setFromTime(window.fromTime().orElse(null))
                .setToTime(window.toTime().orElse(null))
                .setExportFormat(exportFormat.orElse(null))
                .setProtectedFieldsShown(protectedFieldsShown)
                .setRecordsInRange(recordsInRange)
                .setAt(at)
                .build();
    }
}
