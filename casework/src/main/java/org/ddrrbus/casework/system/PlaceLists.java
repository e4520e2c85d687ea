package org.ddrrbus.casework.system;

import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.springframework.stereotype.Component;

/**
 * The places a caseworker may name: the agreement's closed lists (see {@link Places}). A value that is not listed is
 * refused with 400, naming the field, the list and the file the agreement's owner keeps it in, so that a caseworker
 * who meets a new area knows whom to ask.
 */
@Component
public class PlaceLists {

    /**
     * The file the owner edits, whichever copy this node reads ({@code ddrr.bus.agreement}): the copy's path is the
     * server's business, and editing it would change nothing for long.
     */
    private static final String FILE = AgreementLoader.OWNER_FILE;

    private final Places places;

    PlaceLists(SharingAgreement agreement) {
        this.places = agreement.places();
    }

    /** The listed spelling of an area of the county (by its canonical name), or a 400 naming the field. */
    public String area(String field, String county, String value) {
        return places.area(county, value)
                .orElseThrow(() -> refusal(new Places.Unlisted(
                        field, value, Optional.of(Places.AREAS + "." + county), places.areasOf(county))));
    }

    /** The listed spelling of a border point, or a 400 naming the field. */
    public String borderPoint(String field, String value) {
        return places.borderPoint(value)
                .orElseThrow(() -> refusal(
                        new Places.Unlisted(field, value, Optional.of(Places.BORDER_POINTS), places.borderPoints())));
    }

    /** Last check before an event leaves: every place it names is listed, whichever endpoint built it. */
    public void requireListed(SpecificRecord event) {
        places.unlisted(event).ifPresent(unlisted -> {
            throw refusal(unlisted);
        });
    }

    private ApiException refusal(Places.Unlisted unlisted) {
        String where = unlisted.list().isPresent() ? "; the list is kept in " + FILE : "";
        // The API quotes the rule's own words; a page names the list and the file in the person's language.
        Reason reason = unlisted.list().isEmpty()
                ? Reason.of("county.unknown")
                : Reason.of(
                        unlisted.listed().isEmpty() ? "places.nothingListed" : "places.unlisted",
                        unlisted.list().get(),
                        String.join(", ", unlisted.listed().stream().sorted().toList()),
                        FILE);
        return ApiException.badRequest(unlisted.field(), reason.saying(unlisted.reason() + where));
    }
}
