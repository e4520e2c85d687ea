/** Erasure: each service's confirmation that it dropped an erased person, and the case owner's receipt. */
package org.ddrrbus.casework.erasure;
