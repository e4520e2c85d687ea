/** Returnees: registration with a new case code, DDRR phase changes and individual risk assessments. */
package org.ddrrbus.nctc.returnee;
