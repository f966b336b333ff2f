package org.vigil.hash.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.PdqHash;
import org.vigil.hash.pdq.PdqHasher;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder(10_000_000);

  @Test
  void decode_losslessWebp_samePixelsAsPng() throws Exception {
    ImageDecoder.Decoded png = decoder.decode(resource("gradient.png"));
    ImageDecoder.Decoded webp = decoder.decode(resource("gradient-lossless.webp"));

    assertThat(webp.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(pdq(webp)).isEqualTo(pdq(png));
    float[] pngRow = new float[160];
    float[] webpRow = new float[160];
    for (int y = 0; y < 120; y++) {
      png.luma().lumaRow(y, pngRow, 0);
      webp.luma().lumaRow(y, webpRow, 0);
      assertThat(webpRow).containsExactly(pngRow);
    }
  }

  @Test
  void decode_lossyWebp_sameHashAsLibwebpDecode() throws Exception {
    PdqHash webp = pdq(decoder.decode(resource("bridge-512-q90.webp")));

    // What libwebp's own decoder (dwebp) gives for the same file, see decode/README.txt.
    assertThat(webp.toHex())
        .isEqualTo("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22");
  }

  @Test
  void decode_jpegAfterFailedJpegOnSameThread_sameAsFirstDecode() throws Exception {
    byte[] good;
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/pdq/images/misc/wee.jpg")) {
      good = in.readAllBytes();
    }
    PdqHash first = pdq(decoder.decode(good));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(truncated))
        .isInstanceOf(MediaRejectedException.class);

    assertThat(pdq(decoder.decode(good))).isEqualTo(first);
  }

  @Test
  void sniff_signatures_recognisedWhateverTheName() {
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}))
        .isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff("GIF89a".getBytes())).isEqualTo(ImageFormat.GIF);
    assertThat(ImageFormat.sniff("BM....".getBytes())).isEqualTo(ImageFormat.BMP);
    assertThat(ImageFormat.sniff("RIFF....WEBPVP8 ".getBytes())).isEqualTo(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff("RIFF....WAVEfmt ".getBytes())).isNull();
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF})).isNull();
  }

  private static PdqHash pdq(ImageDecoder.Decoded decoded) {
    return new PdqHasher().hash(decoded.luma()).hash();
  }

  private static byte[] resource(String name) throws IOException, MediaRejectedException {
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/decode/" + name)) {
      return in.readAllBytes();
    }
  }
}
