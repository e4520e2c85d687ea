/**
 * How a partner obtains a person's data key from its holder, the exchange: {@link
 * org.ddrrbus.client.subjectkeys.SubjectKeyRequest} (signed with the agency's own key) and {@link
 * org.ddrrbus.client.subjectkeys.HttpSubjectKeys} (asks over HTTP(S), caches in memory only).
 */
package org.ddrrbus.client.subjectkeys;
