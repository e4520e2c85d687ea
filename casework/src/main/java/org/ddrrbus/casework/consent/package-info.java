/** Consent: recording a person's consent to share for named purposes, and its withdrawal. */
package org.ddrrbus.casework.consent;
