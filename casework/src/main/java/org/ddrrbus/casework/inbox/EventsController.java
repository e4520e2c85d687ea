package org.ddrrbus.casework.inbox;

import java.util.List;
import java.util.Map;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.casework.system.StaffPermissions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The fate of published events, the refusals this agency received, and the state of its inbox replay. */
@RestController
class EventsController {

    private final DeliveryTracker deliveries;
    private final Rejections rejections;
    private final InboxConsumer inbox;
    private final Agency agency;
    private final StaffPermissions staff;

    EventsController(
            DeliveryTracker deliveries,
            Rejections rejections,
            InboxConsumer inbox,
            Agency agency,
            StaffPermissions staff) {
        this.deliveries = deliveries;
        this.rejections = rejections;
        this.inbox = inbox;
        this.agency = agency;
        this.staff = staff;
    }

    @GetMapping("/api/events/{eventId}")
    DeliveryTracker.Status event(@PathVariable String eventId) {
        return deliveries
                .status(eventId)
                .orElseThrow(() -> ApiException.notFound(Reason.of("event.unknown", eventId, agency.id())));
    }

    @GetMapping("/api/rejections")
    List<Rejections.Rejected> rejections() {
        return rejections.all();
    }

    @GetMapping("/api/status")
    Map<String, Object> status() {
        return Map.of(
                "agency", agency.id(),
                "user", staff.currentUser(),
                "role", StaffPermissions.currentRole().name().toLowerCase(),
                "inbox", agency.inbox(),
                "eventsApplied", inbox.applied(),
                "quarantined", inbox.quarantined());
    }
}
