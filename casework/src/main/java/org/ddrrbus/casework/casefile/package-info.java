/** Case files: what the agency knows of each person, as a timeline rebuilt from its inbox. */
package org.ddrrbus.casework.casefile;
