package org.vigil.hash.video;

/**
 * What the container's header says about a video's first video stream.
 *
 * @param container the recognised container
 * @param codec FFmpeg's codec name, e.g. {@code h264}
 * @param width frame width in pixels, as the demuxer reports it (rotation and aspect ignored)
 * @param height frame height in pixels
 * @param frameRate the stream's average frame rate (its real frame rate when that is 0), as vPDQ
 *     uses it for frame selection and timestamps
 * @param durationSeconds the declared duration; NaN when the header gives none
 */
public record VideoInfo(
    VideoContainer container,
    String codec,
    int width,
    int height,
    double frameRate,
    double durationSeconds) {}
