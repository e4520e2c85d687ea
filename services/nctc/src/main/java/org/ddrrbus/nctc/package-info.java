/** The counter-terrorism centre's service: it registers returnees, owns their cases and refers them onwards. */
package org.ddrrbus.nctc;
