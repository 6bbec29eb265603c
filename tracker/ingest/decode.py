"""Bytes to text: the encoding decision for every file ingest reads.

Articles arrive from many tools: editors that write UTF-8 with or without a BOM, Windows exports
in cp1252 (smart quotes as bytes 0x93/0x94), spreadsheets that save UTF-16. Claim offsets point
into the decoded text, so the decision must be deterministic and conservative:

1. a byte-order mark decides (and is removed);
2. a known binary signature (PNG, zip, PDF...) means "not text";
3. NUL bytes mean UTF-16 when they sit on one parity of byte positions, else binary;
4. strict UTF-8;
5. UTF-8 with a few stray bytes (a cp1252 quote pasted into UTF-8): those bytes read as cp1252;
6. the charset an HTML page declares;
7. charset-normalizer's best guess among a short list of encodings news text really uses;
8. cp1252, then latin-1, which cannot fail.

Whatever is chosen, text full of control characters is refused as binary. Nothing here touches
line endings or whitespace: the text is exactly what the bytes say, minus a leading BOM.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final

import charset_normalizer

#: Byte-order marks and the codec that reads what follows them. UTF-32 LE comes before UTF-16 LE
#: because its mark (FF FE 00 00) starts with the UTF-16 LE one (FF FE).
BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Codec to open a stream with when it starts with a BOM: these codecs consume the mark
#: themselves, so a streamed collection never sees it.
STREAM_CODEC_BY_BOM: Final[dict[str, str]] = {
    "utf-32-le": "utf-32",
    "utf-32-be": "utf-32",
    "utf-8": "utf-8-sig",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
}

#: Leading bytes of common binary formats found next to articles (images, archives, office
#: files, PDFs, databases). Checked before any decoding because latin-1 decodes anything.
BINARY_SIGNATURES: Final[tuple[bytes, ...]] = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",  # GIF
    b"GIF89a",
    b"%PDF-",  # PDF
    b"PK\x03\x04",  # zip, docx, xlsx, odt, epub
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf\x27\x1c",  # 7-zip
    b"\x7fELF",  # executables
    b"SQLite format 3\x00",  # SQLite databases
    b"PAR1",  # parquet (our own export format)
)

#: Encodings charset-normalizer may choose from. Restricting the list stops absurd guesses
#: (Big5 for a short English note) while covering the Western, Cyrillic, Greek, Turkish, Hebrew
#: and Arabic single-byte encodings news archives actually contain.
SENSIBLE_ENCODINGS: Final[tuple[str, ...]] = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "utf_16",
    "utf_32",
)

#: Declared HTML charsets that browsers read as cp1252 (WHATWG Encoding Standard), so a page
#: saying "iso-8859-1" with smart quotes in 0x80-0x9F decodes the way a browser shows it.
DECLARED_CHARSET_OVERRIDES: Final[dict[str, str]] = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
}

#: How many leading bytes (or characters) the heuristics look at; enough to be sure, bounded
#: so a large file costs the same as a small one.
SAMPLE_SIZE: Final[int] = 1 << 20

#: UTF-16 without BOM: at least this share of the 2-byte units must hold a NUL on one side...
MIN_UTF16_NUL_SHARE: Final[float] = 0.05
#: ...and the other side may hold at most this fraction as many NULs (binary has them on both).
MAX_UTF16_OTHER_SIDE: Final[float] = 0.1

#: Text with more than this share of control characters (other than tab, newlines, form feed)
#: is binary read through a permissive codec, not an article.
MAX_CONTROL_SHARE: Final[float] = 0.02

#: Control characters that are harmless in text: tab, line feed, vertical tab, form feed, CR.
_TEXT_CONTROLS: Final[frozenset[str]] = frozenset("\t\n\x0b\x0c\r")
#: C0 and C1 control characters that do not belong in an article.
_BAD_CONTROLS: Final[frozenset[str]] = frozenset(
    chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in _TEXT_CONTROLS
)

#: One character class of the bad controls: counting them with ``findall`` is a C loop (a ``str.translate``
#: table, the first way, looked every character up in a dict: 60 ms per MB of input).
_BAD_CONTROL_RE: Final[re.Pattern[str]] = re.compile("[" + re.escape("".join(sorted(_BAD_CONTROLS))) + "]")

#: Lone surrogates U+DC80..U+DCFF are how the "surrogateescape" error handler keeps undecodable
#: bytes 0x80..0xFF; real text never contains them.
_ESCAPE_LOW: Final[int] = 0xDC80
_ESCAPE_HIGH: Final[int] = 0xDCFF

BINARY_REASON: Final[str] = "binary file, not text"
EMPTY_REASON: Final[str] = "empty file"


class NotText(Exception):
    """The bytes are not an article's text; ``reason`` is the one-line explanation for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that produced it, and warnings about how sure that choice is."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a whole file. Raises NotText for empty or binary content.

    ``declared`` is a charset the file names itself (an HTML meta tag); it is trusted only after
    UTF-8 failed and only if it is one of the sensible encodings.
    """
    decoded = _decode(data, complete=True, declared=declared)
    if not decoded.text.strip():
        raise NotText(EMPTY_REASON)
    return decoded


def detect_stream_encoding(sample: bytes, complete: bool) -> tuple[str, str]:
    """Choose how to open a collection for streaming from its first bytes.

    Returns ``(codec, errors)`` for ``open()``. ASCII-compatible codecs get "surrogateescape" so a
    stray byte later in the file becomes repairable per row (see ``repair_escapes``) instead of
    aborting the whole file; UTF-16/32 cannot escape bytes and stay strict.
    """
    bom_codec = _bom_codec(sample)
    decoded = _decode(sample, complete=complete, declared=None)
    if not decoded.text.strip():
        raise NotText(EMPTY_REASON)
    codec = STREAM_CODEC_BY_BOM[bom_codec] if bom_codec else decoded.encoding
    errors = "strict" if codec.startswith(("utf-16", "utf-32")) else "surrogateescape"
    return codec, errors


def repair_escapes(text: str) -> tuple[str, int]:
    """Replace bytes kept by "surrogateescape" with their cp1252 reading (latin-1 if undefined).

    Returns the repaired text and how many bytes were repaired (0: text unchanged). Used per row
    of a streamed collection, so one bad byte costs one warning, not the file.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text, 0
    parts: list[str] = []
    repaired = 0
    for char in text:
        code = ord(char)
        if _ESCAPE_LOW <= code <= _ESCAPE_HIGH:
            parts.append(_single_byte(code - 0xDC00))
            repaired += 1
        else:
            parts.append(char)
    return "".join(parts), repaired


def looks_like_text(text: str) -> bool:
    """False when decoded text is really binary: any NUL, or too many control characters."""
    sample = text[:SAMPLE_SIZE]
    if "\x00" in sample:
        return False
    bad = len(_BAD_CONTROL_RE.findall(sample))
    return bad <= MAX_CONTROL_SHARE * max(len(sample), 1)


def _decode(data: bytes, complete: bool, declared: str | None) -> Decoded:
    """The decision list of the module docstring; ``complete`` is False for a stream's sample."""
    if not data.strip():
        raise NotText(EMPTY_REASON)
    bom_codec = _bom_codec(data)
    if bom_codec:
        bom_length = next(len(bom) for bom, codec in BOMS if codec == bom_codec)
        payload = data[bom_length:]
        text = _try_decode(_trim_units(payload, bom_codec, complete), bom_codec)
        if text is None:
            raise NotText(f"not valid {bom_codec} text despite its byte-order mark")
        return _checked(Decoded(text, bom_codec))
    if data.startswith(BINARY_SIGNATURES):
        raise NotText(BINARY_REASON)
    if b"\x00" in data[:SAMPLE_SIZE]:
        utf16 = _utf16_by_nuls(data)
        text = _try_decode(_trim_units(data, utf16, complete), utf16) if utf16 else None
        if text is None:
            raise NotText(BINARY_REASON)
        return _checked(Decoded(text, utf16 or ""))
    strict = _decode_utf8(data, complete, "strict")
    if strict is not None:
        return _checked(Decoded(strict, "utf-8"))
    mostly = _mostly_utf8(data, complete)
    if mostly is not None:
        return _checked(mostly)
    for codec in _declared_codecs(declared):
        text = _try_decode(data, codec)
        if text is not None and looks_like_text(text):
            return Decoded(text, codec)
    guessed = _guess(data)
    if guessed is not None:
        return _checked(guessed)
    for codec in ("cp1252", "latin-1"):
        text = _try_decode(data, codec)
        if text is not None:
            return _checked(Decoded(text, codec, (f"not utf-8; decoded as {codec} (best guess)",)))
    raise NotText(BINARY_REASON)  # unreachable: latin-1 decodes every byte string


def _checked(decoded: Decoded) -> Decoded:
    """Refuse binary content that a permissive codec turned into characters; drop a BOM char."""
    if not looks_like_text(decoded.text):
        raise NotText(BINARY_REASON)
    if decoded.text.startswith("\ufeff"):
        return Decoded(decoded.text[1:], decoded.encoding, decoded.warnings)
    return decoded


def _bom_codec(data: bytes) -> str | None:
    """The codec a leading byte-order mark names, or None."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    return None


def _trim_units(data: bytes, codec: str | None, complete: bool) -> bytes:
    """Cut a stream sample to whole UTF-16/32 code units so a cut in the middle is not an error."""
    if complete or codec is None:
        return data
    if codec.startswith("utf-16"):
        return data[: len(data) - len(data) % 2]
    if codec.startswith("utf-32"):
        return data[: len(data) - len(data) % 4]
    if codec == "utf-8":
        return _decode_utf8_prefix(data)
    return data


def _decode_utf8_prefix(data: bytes) -> bytes:
    """Drop an incomplete UTF-8 sequence at the end of a sample (at most 3 bytes)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return data
    pending, _ = decoder.getstate()
    return data[: len(data) - len(pending)]


def _try_decode(data: bytes, codec: str) -> str | None:
    """Strict decoding, None on failure."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_utf8(data: bytes, complete: bool, errors: str) -> str | None:
    """UTF-8 with the given error handler; a sample may end inside a character."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors)
    try:
        return decoder.decode(data, final=complete)
    except UnicodeDecodeError:
        return None


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 LE/BE without BOM, recognised by NULs (high bytes of ASCII) on one parity only."""
    sample = data[:SAMPLE_SIZE]
    units = len(sample) // 2
    if units == 0:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    high, low, codec = (odd, even, "utf-16-le") if odd >= even else (even, odd, "utf-16-be")
    if high < max(1.0, MIN_UTF16_NUL_SHARE * units) or low > MAX_UTF16_OTHER_SIDE * high:
        return None
    return codec


def _mostly_utf8(data: bytes, complete: bool) -> Decoded | None:
    """UTF-8 with a few invalid bytes: keep the UTF-8, read the stray bytes as cp1252.

    Chosen only when valid multi-byte characters are at least as many as invalid bytes; a file
    with no valid multi-byte character is some other encoding and goes to the guesser.
    """
    escaped_text = _decode_utf8(data, complete, "surrogateescape")
    if escaped_text is None:
        return None
    escaped = 0
    multibyte = 0
    for char in escaped_text[:SAMPLE_SIZE]:
        code = ord(char)
        if _ESCAPE_LOW <= code <= _ESCAPE_HIGH:
            escaped += 1
        elif code > 0x7F:
            multibyte += 1
    if multibyte == 0 or multibyte < escaped:
        return None
    text, repaired = repair_escapes(escaped_text)
    return Decoded(text, "utf-8", (f"not valid utf-8 in {repaired} byte(s); those read as cp1252",))


def _declared_codecs(declared: str | None) -> list[str]:
    """The declared charset as codec names to try, if it is one we trust."""
    if not declared:
        return []
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return []
    name = DECLARED_CHARSET_OVERRIDES.get(name, name)
    sensible = {codecs.lookup(codec).name for codec in SENSIBLE_ENCODINGS}
    return [name] if name in sensible else []


def _guess(data: bytes) -> Decoded | None:
    """charset-normalizer's best match among SENSIBLE_ENCODINGS, preferring cp1252 on a tie.

    Short Western text often decodes identically in several code pages; charset-normalizer then
    names one of them (cp1250 for "It\x92s"). When cp1252 gives the same text we report cp1252,
    the overwhelmingly likely origin.
    """
    best = charset_normalizer.from_bytes(data[:SAMPLE_SIZE], cp_isolation=list(SENSIBLE_ENCODINGS)).best()
    if best is None:
        return None
    codec = codecs.lookup(best.encoding).name
    if "cp1252" in best.could_be_from_charset:
        codec = "cp1252"
    text = _try_decode(data, codec)
    if text is None:
        return None
    return Decoded(text, codec, (f"not utf-8; decoded as {codec} (best guess)",))


def _single_byte(byte: int) -> str:
    """One byte as cp1252, or latin-1 for the five bytes cp1252 leaves undefined."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)
