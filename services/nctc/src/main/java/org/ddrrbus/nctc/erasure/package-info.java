/** Erasure of a person, asked for by the case owner's supervisors, and its progress up to the receipt. */
package org.ddrrbus.nctc.erasure;
