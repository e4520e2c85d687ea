/** Community risk: assessments of areas of return, which concern communities and never a person. */
package org.ddrrbus.casework.community;
