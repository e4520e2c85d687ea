/** Subjects: which people are registered with this agency, and so may be written about by it. */
package org.ddrrbus.casework.subjects;
