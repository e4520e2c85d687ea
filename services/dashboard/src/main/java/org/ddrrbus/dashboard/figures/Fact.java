package org.ddrrbus.dashboard.figures;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the dashboard keeps of one ledger event about one subject: only the fields a figure needs, with free text
 * already reduced to a known label. Kept in the subject's state, which is changelogged to the dashboard's own internal
 * topic and never leaves the application.
 *
 * <p>Times are the sender's {@code ce_time} in epoch milliseconds and dates are epoch days, so the stored form does
 * not depend on how a JSON library writes {@code java.time}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fact")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Fact.Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = Fact.PhaseMoved.class, name = "phase"),
    @JsonSubTypes.Type(value = Fact.Issued.class, name = "issued"),
    @JsonSubTypes.Type(value = Fact.Answered.class, name = "answered"),
    @JsonSubTypes.Type(value = Fact.Withdrawn.class, name = "withdrawn"),
    @JsonSubTypes.Type(value = Fact.Supported.class, name = "supported"),
    @JsonSubTypes.Type(value = Fact.Mentored.class, name = "mentored"),
    @JsonSubTypes.Type(value = Fact.AreaRisk.class, name = "area-risk"),
    @JsonSubTypes.Type(value = Fact.Retracted.class, name = "retracted")
})
sealed interface Fact {

    /** When the sender says it happened. */
    long time();

    /** A person entered the programme. */
    record Registered(long time, String county, String phase, int registeredOn) implements Fact {}

    /** A person moved to another DDRR phase. */
    record PhaseMoved(long time, String county, String phase) implements Fact {}

    /**
     * A referral was issued.
     *
     * @param referral the referring agency and its referral id: ids are chosen by each referring agency, so only the
     *     pair is unique
     */
    record Issued(long time, String referral, String toAgency, String priority) implements Fact {}

    /** The answer of the agency that sent it: accepted, declined (with a reason) or completed. */
    record Answered(long time, String referral, String by, Answer answer, String reason) implements Fact {}

    /** The referring agency withdrew its referral. */
    record Withdrawn(long time, String referral, String by) implements Fact {}

    record Supported(long time, String kind) implements Fact {}

    record Mentored(long time, String format) implements Fact {}

    /** An assessment of an area of return; the "subject" is the area, never a person. */
    record AreaRisk(long time, String county, String area, String level, int assessedOn) implements Fact {}

    /**
     * Found only in state written by earlier versions, which marked a refused event by its id; never counted. A refusal
     * now takes out the refused copy itself (see {@link SubjectFile}).
     */
    record Retracted(long time) implements Fact {}

    enum Answer {
        ACCEPTED,
        DECLINED,
        COMPLETED
    }
}
