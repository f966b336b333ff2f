package org.vigil.core.banks;

/**
 * The settings a caller gives when creating or updating a bank; null means "default" on create and
 * "unchanged" on update.
 */
public record BankSettings(
    String description, Integer pdqThreshold, String action, Boolean enabled) {}
