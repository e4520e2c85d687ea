package org.ddrrbus.client.agreement;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * How one event type reaches one recipient.
 *
 * @param purposes the purposes under which the recipient may receive it; the first is the default
 * @param consentRequired whether the person's recorded consent must cover the purpose
 * @param visibleFields the fields the recipient sees, or empty when it sees all of them
 * @param legalBasis the legal basis of this route, when it differs from the event's
 */
public record Route(
        String recipient,
        List<String> purposes,
        boolean consentRequired,
        Optional<Set<String>> visibleFields,
        Optional<String> legalBasis) {

    public Route {
        purposes = List.copyOf(purposes);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("a route to " + recipient + " needs a purpose");
        }
        visibleFields = visibleFields.map(Set::copyOf);
    }

    public String defaultPurpose() {
        return purposes.get(0);
    }

    public boolean allows(String purpose) {
        return purposes.contains(purpose);
    }

    public boolean sees(String field) {
        return visibleFields.map(f -> f.contains(field)).orElse(true);
    }

    /**
     * The fields of an event, in its schema's order, that this recipient does not see: what minimisation withholds
     * from it. The exchange withholds exactly these, the auditor checks them and the agreement's document lists them.
     */
    public List<String> withheld(Schema schema) {
        return schema.getFields().stream()
                .map(Schema.Field::name)
                .filter(field -> !sees(field))
                .toList();
    }
}
