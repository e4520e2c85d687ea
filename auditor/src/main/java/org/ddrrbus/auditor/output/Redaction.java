package org.ddrrbus.auditor.output;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.auditor.check.Decoded;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.events.EventCatalogue;

/**
 * Which fields the auditor shows. A field is protected when the agreement withholds it from at least one recipient
 * of its event type: the partners judged it too sensitive to share widely, so an auditor sees it only when the stated
 * purpose is {@value #OVERSIGHT} (and the agreement defines that purpose). This is a courtesy to the people on the bus,
 * not a wall: the auditor's principal may read every byte, and the real control is that every read is recorded.
 */
public final class Redaction {

    public static final String OVERSIGHT = "oversight";
    public static final String REDACTED = "[redacted]";

    private final Map<String, Set<String>> protectedFields;
    private final boolean showsProtected;

    private Redaction(Map<String, Set<String>> protectedFields, boolean showsProtected) {
        this.protectedFields = Map.copyOf(protectedFields);
        this.showsProtected = showsProtected;
    }

    public static Redaction forPurpose(SharingAgreement agreement, EventCatalogue catalogue, Optional<String> purpose) {
        boolean shows = purpose.filter(OVERSIGHT::equals).isPresent()
                && agreement.purposes().containsKey(OVERSIGHT);
        return new Redaction(protectedFields(agreement, catalogue), shows);
    }

    /** Per event type, the fields some route of the agreement withholds, in schema order. */
    static Map<String, Set<String>> protectedFields(SharingAgreement agreement, EventCatalogue catalogue) {
        Map<String, Set<String>> byType = new HashMap<>();
        for (EventPolicy policy : agreement.events().values()) {
            catalogue.byName(policy.eventType()).ifPresent(type -> {
                Set<String> fields = new LinkedHashSet<>();
                for (Schema.Field field : type.latest().schema().getFields()) {
                    for (Route route : policy.recipients().values()) {
                        if (!route.sees(field.name())) {
                            fields.add(field.name());
                        }
                    }
                }
                byType.put(policy.eventType(), Set.copyOf(fields));
            });
        }
        return byType;
    }

    public boolean showsProtected() {
        return showsProtected;
    }

    public Set<String> protectedFields(String eventType) {
        return protectedFields.getOrDefault(eventType, Set.of());
    }

    /** The fields of this event that are hidden from this run: protected ones that hold a value. */
    public List<String> redactedIn(Decoded decoded) {
        if (showsProtected) {
            return List.of();
        }
        Set<String> hidden = protectedFields(decoded.eventType());
        return decoded.event().getSchema().getFields().stream()
                .filter(f -> hidden.contains(f.name()) && decoded.event().get(f.pos()) != null)
                .map(Schema.Field::name)
                .toList();
    }

    /** A copy with the redacted fields emptied; protected fields are always optional, since only those can be withheld. */
    public SpecificRecord redactedCopy(Decoded decoded) {
        List<String> hidden = redactedIn(decoded);
        if (hidden.isEmpty()) {
            return decoded.event();
        }
        SpecificRecord event = decoded.event();
        SpecificRecord copy = SpecificData.getForSchema(event.getSchema()).deepCopy(event.getSchema(), event);
        for (String name : hidden) {
            copy.put(copy.getSchema().getField(name).pos(), null);
        }
        return copy;
    }
}
