//! Reading a QR code from a picture: a counter tablet's photo (the file
//! input opens its camera without JavaScript) or a frame of the console's
//! live camera. Pictures come from outside, so their size, their
//! dimensions and the memory their decoding may take are bounded first.

use std::io::Cursor;

/// Largest picture accepted, as sent.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Largest side accepted before decoding (a 48-megapixel phone photo is
/// 8000 pixels wide).
const MAX_SIDE: u32 = 8192;
/// The decoder's own allocations.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Pictures are searched at most this wide: a slip's code fills a good part
/// of the frame, and a smaller picture is searched much faster.
const SEARCH_SIDE: u32 = 1280;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScanError {
    #[error("the picture is larger than {MAX_BYTES} bytes")]
    TooLarge,
    #[error("the file is not a PNG or JPEG picture the counter can read")]
    NotAPicture,
}

/// The text of every QR code found in the picture, in the order found
/// (usually one; none when there is no readable code).
pub fn read_codes(bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    if bytes.len() > MAX_BYTES {
        return Err(ScanError::TooLarge);
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ScanError::NotAPicture)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| ScanError::NotAPicture)?;
    let picture = if picture.width().max(picture.height()) > SEARCH_SIDE {
        picture.thumbnail(SEARCH_SIDE, SEARCH_SIDE)
    } else {
        picture
    };
    let grey = picture.to_luma8();
    let (width, height) = (grey.width() as usize, grey.height() as usize);
    // The decoder is a third party's; a picture it trips over is "no code",
    // not a failed request.
    let found = std::panic::catch_unwind(|| {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            grey.get_pixel(x as u32, y as u32).0[0]
        });
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect::<Vec<String>>()
    });
    Ok(found.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `text`'s QR code, `scale` pixels a module, with the quiet
    /// zone, on a larger grey background as a photo would have it.
    pub(crate) fn qr_png(text: &str, scale: u32) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let modules = code.width() as u32;
        let colors = code.to_colors();
        let side = (modules + 8) * scale + 100;
        let mut picture = image::GrayImage::from_pixel(side, side, image::Luma([200]));
        for y in 0..(modules + 8) * scale {
            for x in 0..(modules + 8) * scale {
                let (mx, my) = (x / scale, y / scale);
                let dark = mx >= 4
                    && my >= 4
                    && mx < modules + 4
                    && my < modules + 4
                    && colors[((my - 4) * modules + (mx - 4)) as usize] == qrcode::Color::Dark;
                picture.put_pixel(x + 50, y + 50, image::Luma([if dark { 0 } else { 255 }]));
            }
        }
        let mut out = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_code_is_read_from_its_picture() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(read_codes(&qr_png(id, 6)).unwrap(), vec![id.to_string()]);
        // A large photo is searched smaller and still read.
        assert_eq!(read_codes(&qr_png(id, 40)).unwrap(), vec![id.to_string()]);
    }

    #[test]
    fn what_is_not_a_readable_picture_is_said_so() {
        assert_eq!(read_codes(b"hello"), Err(ScanError::NotAPicture));
        assert_eq!(
            read_codes(&vec![0; MAX_BYTES + 1]),
            Err(ScanError::TooLarge)
        );
        let blank = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
        let mut png = Vec::new();
        blank
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(read_codes(&png), Ok(Vec::new()));
        // A PNG claiming to be huge is refused before its pixels are made.
        let mut header = png.clone();
        header[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        header[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert_eq!(read_codes(&header), Err(ScanError::NotAPicture));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_an_answer_never_a_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = read_codes(&bytes);
        }

        #[test]
        fn a_damaged_picture_is_an_answer_never_a_panic(at in 0usize..400, value in proptest::num::u8::ANY) {
            let mut png = qr_png("0123456789abcdef0123456789abcdef", 3);
            let len = png.len();
            if let Some(byte) = png.get_mut(at % len) { *byte = value; }
            let _ = read_codes(&png);
        }
    }
}
