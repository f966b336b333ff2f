/**
 * Reports to authorities (NCMEC's CyberTipline today): the state of each filing, kept so that a
 * crash between two steps of the protocol neither loses nor duplicates a report.
 */
package org.vigil.core.reports;
