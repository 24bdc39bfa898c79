//! Drawing: accessible SVG charts and QR codes, from plain numbers and strings. Pure functions
//! that know nothing of the site.

pub mod chart;
pub mod qr;

/// Appends `value` in decimal, by hand: `write!` was a quarter of a chart's time, and cost more
/// than the rest of a QR code's path.
#[inline]
fn push_uint(out: &mut String, value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = value;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or("0"));
}
