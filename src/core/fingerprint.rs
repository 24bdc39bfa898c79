//! Fingerprints: a 128-bit digest of everything a file's bytes depend on, computed by feeding
//! values straight into an XXH3 hasher through serde (no text is built on the way). Two equal
//! fingerprints mean equal inputs, so the previous output's file can be kept without rendering
//! it again (see `write::manifest`).
//!
//! The encoding is unambiguous: every value is preceded by a tag naming its kind, strings and
//! byte strings by their length, sequences and maps by their length (or closed by an end tag
//! when serde does not know it), and floats are hashed by their bits (so `0.0` and `-0.0` differ:
//! a needless render at worst, never a stale page).

use serde::ser::{self, Serialize};
use std::fmt;

/// A streaming fingerprint.
pub struct Fingerprint(Buffered);

/// An XXH3 hasher fed through a buffer of its own. A fingerprint is mostly one-byte tags and
/// eight-byte numbers; handing each to the hasher cost a call apiece (4-6 % of a
/// 20,000-residence build, perf). Buffered, they reach it in blocks. XXH3's digest does not
/// depend on how its input is split, so the fingerprints are the same.
struct Buffered {
    hasher: xxhash_rust::xxh3::Xxh3,
    buf: [u8; Buffered::SIZE],
    len: usize,
}

impl Buffered {
    const SIZE: usize = 1024;

    fn new() -> Buffered {
        Buffered {
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            buf: [0; Buffered::SIZE],
            len: 0,
        }
    }

    #[inline]
    fn update(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > Buffered::SIZE {
            self.flush();
            if bytes.len() > Buffered::SIZE {
                self.hasher.update(bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buf[..self.len]);
        self.len = 0;
    }

    fn digest128(&self) -> u128 {
        let mut hasher = self.hasher.clone();
        hasher.update(&self.buf[..self.len]);
        hasher.digest128()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint(Buffered::new())
    }

    fn tag(&mut self, tag: u8) {
        self.0.update(&[tag]);
    }

    fn len(&mut self, n: usize) {
        self.0.update(&(n as u64).to_le_bytes());
    }

    /// Adds raw bytes, with their length.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.tag(b'b');
        self.len(bytes.len());
        self.0.update(bytes);
        self
    }

    /// Adds a string, with its length.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub fn u128(&mut self, v: u128) -> &mut Self {
        self.tag(b'Q');
        self.0.update(&v.to_le_bytes());
        self
    }

    /// Adds any serialisable value. A value serde cannot serialise (a map key that is not
    /// plain, a custom error) poisons the fingerprint with a marker of its own, so two such
    /// values never look equal to a good one — a needless render, never a stale file.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        if value.serialize(&mut *self).is_err() {
            self.tag(b'!');
            self.u128(fresh());
        }
        self
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// A value that no other fingerprint can have: the process id, the time and a counter.
pub fn fresh() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut f = Fingerprint::new();
    f.0.update(&now.to_le_bytes());
    f.0.update(&std::process::id().to_le_bytes());
    f.0.update(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    f.finish()
}

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type R = Result<(), Error>;

impl ser::Serializer for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R {
        self.tag(if v { b'T' } else { b'F' });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        self.tag(b'i');
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> R {
        self.tag(b'I');
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.tag(b'u');
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> R {
        self.u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> R {
        self.tag(b'f');
        self.0.update(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> R {
        self.tag(b'd');
        self.0.update(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> R {
        self.tag(b'c');
        self.0.update(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        self.tag(b'B');
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.tag(b'N');
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        self.tag(b'S');
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.tag(b'U');
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> R {
        self.tag(b'V');
        self.str(name);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, variant: &'static str) -> R {
        self.tag(b'v');
        self.0.update(&index.to_le_bytes());
        self.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        self.serialize_unit_variant(name, index, variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.open(b'[', len);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.open(b'(', Some(len));
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Error> {
        self.open(b'(', Some(len));
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Error> {
        self.serialize_unit_variant(name, index, variant)?;
        self.open(b'(', Some(len));
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Error> {
        self.open(b'{', len);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        // A struct's fields are counted as they come (`skip_serializing_if` makes the count
        // serde announces differ from the fields written): closed by an end tag.
        self.open(b'{', None);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.serialize_unit_variant(name, index, variant)?;
        self.open(b'{', None);
        Ok(self)
    }
}

impl Fingerprint {
    /// Opens a sequence or map: its length when known; otherwise it is closed by an end tag.
    fn open(&mut self, tag: u8, len: Option<usize>) {
        self.tag(tag);
        match len {
            Some(n) => {
                self.tag(b'#');
                self.len(n);
            }
            None => self.tag(b'?'),
        }
    }

    fn close(&mut self) -> R {
        self.tag(b'.');
        Ok(())
    }
}

impl ser::SerializeSeq for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.close()
    }
}

impl ser::SerializeTuple for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.close()
    }
}

impl ser::SerializeTupleStruct for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.close()
    }
}

impl ser::SerializeTupleVariant for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.close()
    }
}

impl ser::SerializeMap for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        self.tag(b'k');
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.close()
    }
}

impl ser::SerializeStruct for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        self.tag(b'k');
        self.str(key);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, key: &'static str) -> R {
        self.tag(b'x');
        self.str(key);
        Ok(())
    }
    fn end(self) -> R {
        self.close()
    }
}

impl ser::SerializeStructVariant for &mut Fingerprint {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        self.tag(b'k');
        self.str(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::Fingerprint;
    use serde::Serialize;

    fn of<T: Serialize + ?Sized>(v: &T) -> u128 {
        Fingerprint::new().value(v).finish()
    }

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
        values: Vec<f64>,
    }

    fn a_page() -> Page<'static> {
        Page {
            title: "Les Tilleuls",
            note: None,
            values: vec![1.5, 2.0],
        }
    }

    #[test]
    fn the_buffer_does_not_change_the_digest() {
        // Pieces of every size around the buffer's, in an order that crosses its edge in all
        // the ways `update` handles: fits, flushes then fits, flushes then passes through.
        let sizes = [1, 8, 1023, 1, 1024, 1025, 3, 5000, 0, 17, 1000, 24, 2048];
        let mut all = Vec::new();
        let mut buffered = super::Buffered::new();
        for (i, n) in sizes.iter().enumerate() {
            let piece: Vec<u8> = (0..*n).map(|k| (k * 31 + i * 7) as u8).collect();
            buffered.update(&piece);
            all.extend_from_slice(&piece);
            assert_eq!(
                buffered.digest128(),
                xxhash_rust::xxh3::xxh3_128(&all),
                "after {} bytes",
                all.len()
            );
        }
    }

    #[test]
    fn equal_values_give_equal_fingerprints_and_any_change_another() {
        assert_eq!(of(&a_page()), of(&a_page()));
        let changed = [
            Page {
                title: "Les Tilleul",
                ..a_page()
            },
            Page {
                note: Some(""),
                ..a_page()
            },
            Page {
                values: vec![1.5, 2.000_000_1],
                ..a_page()
            },
            Page {
                values: vec![1.5],
                ..a_page()
            },
        ];
        for c in &changed {
            assert_ne!(of(c), of(&a_page()));
        }
        // Lengths are part of the encoding: moving a character between two strings shows.
        assert_ne!(of(&("ab", "c")), of(&("a", "bc")));
        assert_ne!(of(&vec![vec![1], vec![]]), of(&vec![vec![], vec![1]]));
        assert_ne!(of(&0.0f64), of(&-0.0f64));
        assert_ne!(of(&Some(1u8)), of(&1u8));
        assert_ne!(of("1"), of(&1u8));
    }

    #[test]
    fn a_value_serde_refuses_matches_nothing_not_even_itself() {
        struct Refused;
        impl Serialize for Refused {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("non"))
            }
        }
        assert_ne!(of(&Refused), of(&Refused));
    }
}
