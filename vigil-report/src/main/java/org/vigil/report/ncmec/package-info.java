/**
 * Reports to NCMEC's CyberTipline through its Reporting API ("ispws"): the report as XML in NCMEC's
 * schema, validated before it leaves, and the documented call sequence {@code /submit} → ({@code
 * /upload} → {@code /fileinfo})* → {@code /finish}, or {@code /retract}. The facts of the protocol
 * (endpoints, response codes, element order) come from NCMEC's public technical documentation and
 * schema; see docs/ncmec.md.
 */
package org.vigil.report.ncmec;
