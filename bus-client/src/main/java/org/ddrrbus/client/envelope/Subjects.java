package org.ddrrbus.client.envelope;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.DeliveryRejected;

/**
 * The subject of an event, which is also its record key, so that everything about one person stays in order on one
 * partition.
 */
public final class Subjects {

    private Subjects() {}

    public static String of(SpecificRecord event) {
        if (event instanceof CommunityRiskAssessed community) {
            return "area:" + community.getCounty() + "/" + community.getArea();
        }
        if (event instanceof DeliveryRejected rejected) {
            return rejected.getSubjectRef() != null ? rejected.getSubjectRef() : rejected.getRejectedEventId();
        }
        Schema.Field field = event.getSchema().getField("subjectRef");
        if (field == null) {
            throw new IllegalArgumentException(event.getSchema().getName() + " has no subject");
        }
        Object subject = event.get(field.pos());
        if (subject == null || subject.toString().isBlank()) {
            throw new IllegalArgumentException(event.getSchema().getName() + " has an empty subjectRef");
        }
        return subject.toString();
    }
}
