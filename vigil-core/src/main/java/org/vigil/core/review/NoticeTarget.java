package org.vigil.core.review;

/**
 * What a notice points at: the platform's content id (required; notices on the same content join
 * one case), and optionally its account, URL and kind of media.
 *
 * @param contentType {@code image}, {@code video}, {@code text}, {@code audio}, {@code
 *     synthetic_media} or {@code other}; null when unknown
 */
public record NoticeTarget(String contentId, String accountId, String url, String contentType) {}
