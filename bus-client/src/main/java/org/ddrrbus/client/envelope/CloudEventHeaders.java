package org.ddrrbus.client.envelope;

import java.util.List;

/** CloudEvents Kafka protocol binding, binary content mode: the attributes travel as {@code ce_} headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    /** Avro single-object encoding: the body names its own schema by fingerprint. */
    public static final String AVRO_CONTENT_TYPE = "application/avro";
    /** {@code ce_source} of an agency; an absolute URI reference keeps sources unique across deployments. */
    public static final String SOURCE_PREFIX = "/agencies/";

    /** The headers every event must carry exactly once; the signature covers them in this order. */
    public static final List<String> REQUIRED = List.of(SPEC_VERSION, ID, SOURCE, TYPE, TIME, SUBJECT, CONTENT_TYPE);

    private CloudEventHeaders() {}

    public static String sourceOf(String agency) {
        return SOURCE_PREFIX + agency;
    }
}
