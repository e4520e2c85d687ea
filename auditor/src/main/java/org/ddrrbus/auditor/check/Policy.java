package org.ddrrbus.auditor.check;

import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.events.SubjectKeyAnswered;

/**
 * Whether the sharing agreement allowed a well-formed, signed record to be where it is. A pure function of the
 * agreement, so it judges past records by the agreement it is given, not by whatever the exchange did.
 */
public final class Policy {

    private final SharingAgreement agreement;

    public Policy(SharingAgreement agreement) {
        this.agreement = agreement;
    }

    /**
     * A ledger record: only the outbox's owner can write it (the broker sees to that), so its {@code ce_source} and
     * its signer must both be the owner, and the agreement must let the owner send that type.
     */
    public Optional<String> ledger(String owner, Envelope envelope, String signer) {
        if (!envelope.sender().equals(owner)) {
            return Optional.of("ce_source names " + envelope.sender() + " but the record is in the outbox of " + owner);
        }
        if (!signer.equals(owner)) {
            return Optional.of("signed by " + signer + " but written to the outbox of " + owner);
        }
        Optional<EventPolicy> policy = agreement.policy(envelope.typeName());
        if (policy.isEmpty()) {
            return Optional.of("the agreement does not list " + envelope.typeName());
        }
        if (!policy.get().maySend(owner)) {
            return Optional.of("the agreement does not let " + owner + " send " + envelope.typeName());
        }
        return Optional.empty();
    }

    /**
     * A record of the key holder's answers: only the exchange may write that topic, in its own name, and only answers
     * to key requests.
     */
    public Optional<String> keyGrant(String topic, Envelope envelope, String signer) {
        if (!envelope.sender().equals(Components.EXCHANGE)) {
            return Optional.of("ce_source names " + envelope.sender() + " but only the exchange writes " + topic);
        }
        if (!signer.equals(Components.EXCHANGE)) {
            return Optional.of("signed by " + signer + " but only the exchange writes " + topic);
        }
        if (!(envelope.event() instanceof SubjectKeyAnswered)) {
            return Optional.of(topic + " holds only SubjectKeyAnswered, not " + envelope.typeName());
        }
        return Optional.empty();
    }

    /**
     * An inbox record: a notice from the exchange, the owner's own accepted event coming back, or a delivery from
     * another agency, which must follow a route of the agreement with every field withheld that the route withholds.
     *
     * @param signer who signed the event (for a delivery, the sender)
     * @param countersigner who countersigned the delivery; empty for a notice of the exchange's own
     */
    public Optional<String> inbox(
            String owner, Envelope envelope, DeliveryTerms terms, String signer, Optional<String> countersigner) {
        return inbox(owner, envelope, terms, signer, countersigner, Optional.empty());
    }

    /**
     * The same, for a record that may have crossed from bus {@code fromBus}: the exchange's inlet verified it against
     * the federation's trust anchors and delivered it in its own name, signed with its own key; this bus's agreement
     * must still let the owner receive its type.
     */
    public Optional<String> inbox(
            String owner,
            Envelope envelope,
            DeliveryTerms terms,
            String signer,
            Optional<String> countersigner,
            Optional<String> fromBus) {
        String sender = envelope.sender();
        String type = envelope.typeName();
        if (sender.equals(Components.EXCHANGE) && fromBus.isPresent()) {
            if (!signer.equals(Components.EXCHANGE)) {
                return Optional.of(
                        "a delivery from bus " + fromBus.get() + " in the exchange's name signed by " + signer);
            }
            // An erasure decided by the bus that issued the case code also reaches the case owner here, which would
            // otherwise hear of an erasure only as its own copy.
            boolean receivable = envelope.event() instanceof DeliveryRejected
                    || agreement.policy(type).flatMap(p -> p.routeTo(owner)).isPresent()
                    || (envelope.event() instanceof SubjectErased
                            && agreement.policy(type).map(p -> p.maySend(owner)).orElse(false));
            return receivable
                    ? Optional.empty()
                    : Optional.of("the agreement does not let " + owner + " receive " + type + " (from bus "
                            + fromBus.get() + ")");
        }
        if (sender.equals(Components.EXCHANGE)) {
            boolean ownConfirmation = envelope.event() instanceof ErasureConfirmed confirmed
                    && Components.EXCHANGE.equals(confirmed.getComponent());
            // The federation outlet tells the case owner that its erasure left for a linked bus: a copy of it.
            boolean erasureLeft = envelope.event() instanceof SubjectErased
                    && agreement.policy(type).map(p -> p.maySend(owner)).orElse(false);
            if (!(envelope.event() instanceof DeliveryRejected) && !ownConfirmation && !erasureLeft) {
                return Optional.of("the exchange itself wrote " + type + "; it writes only DeliveryRejected notices,"
                        + " its own ErasureConfirmed and, to the case owner, the erasure that left for a linked bus");
            }
            return signer.equals(Components.EXCHANGE)
                    ? Optional.empty()
                    : Optional.of("a notice in the exchange's name signed by " + signer);
        }
        if (!signer.equals(sender)) {
            return Optional.of("ce_source names " + sender + " but the event is signed by " + signer);
        }
        if (countersigner.isEmpty() || !countersigner.get().equals(Components.EXCHANGE)) {
            return Optional.of("delivered without the exchange's countersignature"
                    + countersigner.map(c -> " (countersigned by " + c + ")").orElse(""));
        }
        Optional<EventPolicy> found = agreement.policy(type);
        if (found.isEmpty()) {
            return Optional.of("the agreement does not list " + type);
        }
        EventPolicy policy = found.get();
        if (!policy.maySend(sender)) {
            return Optional.of("the agreement does not let " + sender + " send " + type);
        }
        if (sender.equals(owner)) {
            // The sender's own accepted event, returned as its receipt: nothing was shared with anyone.
            return Optional.empty();
        }
        if (envelope.event() instanceof ConsentWithdrawn) {
            return withdrawal(owner, policy, terms);
        }
        Optional<Route> route = policy.routeTo(owner);
        if (route.isEmpty()) {
            return Optional.of("the agreement does not let " + owner + " receive " + type);
        }
        if (terms.purpose().isEmpty()) {
            return Optional.of("delivered to " + owner + " without a purpose (no " + DeliveryTerms.PURPOSE + ")");
        }
        String purpose = terms.purpose().get();
        if (!route.get().allows(purpose)) {
            return Optional.of(
                    "the agreement does not let " + owner + " receive " + type + " for purpose '" + purpose + "'");
        }
        Optional<Object> stated = field(envelope.event(), "purpose");
        if (stated.isPresent() && !stated.get().toString().equals(purpose)) {
            return Optional.of("delivered for purpose '" + purpose + "' but the event states '" + stated.get() + "'");
        }
        if (policy.addressedBy().isPresent()) {
            String addressee = field(envelope.event(), policy.addressedBy().get())
                    .map(Object::toString)
                    .orElse("");
            if (!addressee.equals(owner)) {
                return Optional.of(type + " addressed to '" + addressee + "' was delivered to " + owner);
            }
        }
        String legalBasis = policy.legalBasisFor(route.get());
        if (!terms.legalBasis().equals(Optional.of(legalBasis))) {
            return Optional.of("delivered under legal basis '"
                    + terms.legalBasis().orElse("") + "' but the agreement says '" + legalBasis + "'");
        }
        Schema schema = envelope.event().getSchema();
        for (String field : route.get().withheld(schema)) {
            if (envelope.event().get(schema.getField(field).pos()) != null) {
                return Optional.of("field " + field + " is withheld from " + owner + " but was delivered");
            }
            if (!terms.withheld().contains(field)) {
                return Optional.of("field " + field + " is withheld from " + owner + " but " + DeliveryTerms.WITHHELD
                        + " does not say so");
            }
        }
        return Optional.empty();
    }

    /**
     * A withdrawal of consent has no route of its own: the exchange tells every agency that received data under the
     * consent, for the withdrawn purposes, so any agency with an inbox may get one.
     */
    private Optional<String> withdrawal(String owner, EventPolicy policy, DeliveryTerms terms) {
        if (agreement.agency(owner).filter(Agency::exchangesEvents).isEmpty()) {
            return Optional.of("the agreement gives " + owner + " no inbox");
        }
        if (terms.purpose().isEmpty()) {
            return Optional.of("a withdrawal delivered to " + owner + " without the withdrawn purposes");
        }
        Optional<String> unknown = Arrays.stream(terms.purpose().get().split(","))
                .filter(p -> !agreement.purposes().containsKey(p))
                .findFirst();
        if (unknown.isPresent()) {
            return Optional.of(
                    "a withdrawal delivered for purpose '" + unknown.get() + "', which the agreement does not name");
        }
        if (!terms.legalBasis().equals(Optional.of(policy.legalBasis()))) {
            return Optional.of("delivered under legal basis '"
                    + terms.legalBasis().orElse("") + "' but the agreement says '" + policy.legalBasis() + "'");
        }
        return Optional.empty();
    }

    private static Optional<Object> field(SpecificRecord event, String name) {
        Schema.Field field = event.getSchema().getField(name);
        return field == null ? Optional.empty() : Optional.ofNullable(event.get(field.pos()));
    }
}
