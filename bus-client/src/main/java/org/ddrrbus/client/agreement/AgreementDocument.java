package org.ddrrbus.client.agreement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;

/**
 * Renders the agreement as the readable page {@code docs/sharing-agreement.md}. The page is generated, never edited: a
 * test fails when it differs from what this renders, and {@code ./ddrr agreement docs} rewrites it.
 */
public final class AgreementDocument {

    private AgreementDocument() {}

    public static String render(SharingAgreement agreement) {
        StringBuilder md = new StringBuilder();
        md.append("# The sharing agreement\n\n");
        md.append("Generated from `" + AgreementLoader.OWNER_FILE + "` (version ")
                .append(agreement.version())
                .append(") by `./ddrr agreement docs`; do not edit by hand.\n\n");
        md.append("Deny by default: an agency may send only the event types listed for it, and receives only what a ")
                .append(
                        "route below gives it. Every sender also receives its own accepted events back in its inbox.\n\n");

        md.append("## Agencies\n\n| agency | name | roles | topics |\n|---|---|---|---|\n");
        agreement.agencies().values().stream()
                .sorted(Comparator.comparing(Agency::id))
                .forEach(a -> md.append("| `")
                        .append(a.id())
                        .append("` | ")
                        .append(a.name())
                        .append(" | ")
                        .append(a.roles().stream().map(Role::id).sorted().collect(Collectors.joining(", ")))
                        .append(" | ")
                        .append(topicsOf(a))
                        .append(" |\n"));

        md.append("\n## Purposes\n\n| purpose | meaning |\n|---|---|\n");
        agreement.purposes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(p -> md.append("| `")
                        .append(p.getKey())
                        .append("` | ")
                        .append(p.getValue())
                        .append(" |\n"));

        md.append(
                "\n## Events\n\n| event | senders | addressed by | legal basis | retention |\n|---|---|---|---|---|\n");
        List<EventPolicy> policies = agreement.events().values().stream()
                .sorted(Comparator.comparing(EventPolicy::eventType))
                .toList();
        for (EventPolicy p : policies) {
            md.append("| ")
                    .append(p.eventType())
                    .append(" | ")
                    .append(
                            p.senders().isEmpty()
                                    ? "nobody"
                                    : p.senders().stream().sorted().collect(Collectors.joining(", ")))
                    .append(" | ")
                    .append(p.addressedBy().map(f -> "`" + f + "`").orElse("all recipients"))
                    .append(" | ")
                    .append(p.legalBasis())
                    .append(" | ")
                    .append(p.retention())
                    .append(" |\n");
        }

        md.append("\n## Who receives what\n\n")
                .append(
                        "| event | recipient | purpose | consent | fields seen | withheld |\n|---|---|---|---|---|---|\n");
        for (EventPolicy p : policies) {
            Schema schema = EventCatalogue.get()
                    .byName(p.eventType())
                    .orElseThrow()
                    .latest()
                    .schema();
            List<String> allFields =
                    schema.getFields().stream().map(Schema.Field::name).toList();
            if (p.recipients().isEmpty()) {
                md.append("| ").append(p.eventType()).append(" | nobody but the sender | | | | |\n");
            }
            p.recipients().values().stream()
                    .sorted(Comparator.comparing(Route::recipient))
                    .forEach(r -> {
                        List<String> withheld = r.withheld(schema);
                        md.append("| ")
                                .append(p.eventType())
                                .append(" | `")
                                .append(r.recipient())
                                .append("` | ")
                                .append(String.join(", ", r.purposes()))
                                .append(" | ")
                                .append(r.consentRequired() ? "required" : "not required")
                                .append(" | ")
                                .append(
                                        r.visibleFields().isPresent()
                                                ? allFields.stream()
                                                        .filter(r::sees)
                                                        .collect(Collectors.joining(", "))
                                                : "all")
                                .append(" | ")
                                .append(withheld.isEmpty() ? "" : String.join(", ", withheld))
                                .append(" |\n");
                    });
        }
        md.append("\n## Places\n\n")
                .append("Events name only these places; a service refuses any other (400), the exchange refuses an ")
                .append("event that names one, and the dashboard shows only these. Add one under `places:` in the ")
                .append("agreement file and restart the bus.\n\n")
                .append("| county | areas (of return, and of community risk assessments) |\n|---|---|\n");
        agreement.places().areas().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> md.append("| ")
                        .append(e.getKey())
                        .append(" | ")
                        .append(String.join(", ", e.getValue().stream().sorted().toList()))
                        .append(" |\n"));
        md.append("\nBorder points: ")
                .append(
                        agreement.places().borderPoints().isEmpty()
                                ? "none listed"
                                : String.join(
                                        ", ",
                                        agreement.places().borderPoints().stream()
                                                .sorted()
                                                .toList()))
                .append(".\n");
        return md.toString();
    }

    private static String topicsOf(Agency agency) {
        if (agency.exchangesEvents()) {
            return "writes `ddrr.outbox." + agency.id() + "`, reads `ddrr.inbox." + agency.id() + "`";
        }
        if (agency.has(Role.DONOR)) {
            return "reads `ddrr.stats`";
        }
        if (agency.has(Role.AUDITOR)) {
            return "reads outboxes, inboxes, quarantine and `" + Topics.KEY_GRANTS + "`; writes `" + Topics.AUDIT_ACCESS
                    + "`";
        }
        return "none";
    }
}
