"""An agency's logo, checked before anything renders it.

Logos come from strangers (saved from a vendor's site, sent by e-mail), so a logo is accepted only
if it is self-contained and small:

- the file sits in agency.yml's folder or below it (no absolute path, no `..`, no symlink out);
- a PNG is at most MAX_BYTES and MAX_SIDE × MAX_SIDE pixels, sized from its header
  before any decoding, then decoded whole;
- an SVG is at most MAX_SVG_BYTES, parsed by defusedxml (no DTD, no entities), and refers to
  nothing outside itself: no `<script>`, `<foreignObject>`, animation, processing instruction
  (`xml-stylesheet`) or event attribute, every `href` a same-document `#id` or a `data:` PNG or
  JPEG (checked like a PNG file), every CSS `url()` an `#id`, no `@import`, `image()` or
  `src()`, no CSS escapes.

Anything else is refused, never stripped: a changed logo printed on 15 products without a word
would be worse than an error the agency can fix. Each problem is one LogoError sentence; the
agency loader adds the file, line and field.
"""
from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from pathlib import Path, PurePath

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SVG_BYTES = 1024 * 1024
MAX_SIDE = 4000  # pixels: 13 inches at 300 dpi, more than any product prints
SVG_NS = "{http://www.w3.org/2000/svg}"
# Scripts, HTML, and animations (which can set an href after the checks have read it).
REFUSED_ELEMENTS = {"script", "foreignObject", "set", "animate", "animateMotion", "animateTransform"}
CSS_LOADERS = re.compile(r"(image|image-set|src|cross-fade|element)\(", re.IGNORECASE)
DATA_IMAGE = re.compile(r"data:image/(png|jpeg);base64,(.*)", re.IGNORECASE | re.DOTALL)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


class LogoError(ValueError):
    """One sentence saying what is wrong with the logo and how to fix it."""


def logo_file(folder: Path, written: str) -> Path:
    """The logo `written` in agency.yml, as a path inside `folder` (agency.yml's folder)."""
    written_path = PurePath(written)
    if written_path.is_absolute() or written.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:", written):
        raise LogoError(f"{written!r} is an absolute path; write the logo's path relative to agency.yml")
    if ".." in re.split(r"[/\\]", written):
        raise LogoError(f"{written!r} leaves agency.yml's folder; put the logo beside agency.yml")
    path = folder / written
    if not path.is_file():
        raise LogoError(f"logo file not found: {path}")
    if not path.resolve().is_relative_to(folder.resolve()):
        raise LogoError(f"{written!r} is a link to a file outside agency.yml's folder; copy the logo there")
    return path


def check_logo(path: Path) -> None:
    """Raises LogoError unless `path` is a self-contained PNG or SVG within the limits."""
    size = path.stat().st_size
    limit = MAX_SVG_BYTES if path.suffix.lower() == ".svg" else MAX_BYTES
    if size > limit:
        raise LogoError(f"{path.name} is {size / 1024 / 1024:.1f} MB; a logo may be at most {limit // 1024 // 1024} MB")
    if path.suffix.lower() == ".svg":
        _check_svg(path.name, path.read_bytes())
    else:
        _check_raster(path.name, path.read_bytes(), "PNG")  # the schema allows .svg and .png


def _check_raster(name: str, data: bytes, kind: str) -> None:
    too_big = f"{name} is larger than a logo needs; at most {MAX_SIDE} × {MAX_SIDE} pixels are accepted"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size  # from the header: nothing is decoded yet
                if max(width, height) > MAX_SIDE:
                    raise LogoError(f"{name} is {width} × {height} pixels; "
                                    f"at most {MAX_SIDE} × {MAX_SIDE} pixels are accepted")
                image.load()
    except LogoError:
        raise
    except Image.DecompressionBombError:
        raise LogoError(too_big) from None
    except UnidentifiedImageError:
        raise LogoError(f"{name} is not a {kind} image (its first bytes are not a {kind} signature)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise LogoError(f"{name} is a damaged {kind} image ({exc})") from None


def _local(tag_or_attr: str) -> str:
    return tag_or_attr.rsplit("}", 1)[-1]


def _outside(name: str, what: str) -> LogoError:
    return LogoError(f"{name} refers to something outside itself ({what}); a logo must be "
                     "self-contained: embed pictures as data: PNG or JPEG, or save it again as plain SVG")


def _check_href(name: str, element: str, value: str) -> None:
    value = value.strip()
    if value.startswith("#"):
        return
    embedded = DATA_IMAGE.fullmatch(value)
    if embedded and element in ("image", "feImage"):
        try:
            data = base64.b64decode(re.sub(r"\s+", "", embedded.group(2)), validate=True)
        except (binascii.Error, ValueError):
            raise LogoError(f"{name} has an <{element}> with damaged base64 data") from None
        kind = "PNG" if embedded.group(1).lower() == "png" else "JPEG"
        _check_raster(f"{name} (the {kind} inside its <{element}>)", data, kind)
        return
    raise _outside(name, f'<{element} href="{value[:60]}">')


def _check_css(name: str, element: str, css: str) -> None:
    if "@import" in css.lower():
        raise _outside(name, f"@import in <{element}>")
    if "\\" in css:  # an escape could spell url( without the letters the check looks for
        raise LogoError(f"{name} has a backslash escape in the CSS of <{element}>; write the style plainly")
    loader = CSS_LOADERS.search(css)
    if loader:
        raise _outside(name, f"{loader.group(0)}…) in <{element}>")
    for _, target in CSS_URL.findall(css):
        if not target.strip().startswith("#"):
            raise _outside(name, f"url({target[:60]}) in <{element}>")


def _check_element(name: str, node) -> None:
    element = _local(node.tag)
    if element in REFUSED_ELEMENTS:
        raise LogoError(f"{name} contains <{element}>, which a logo may not have; save it again as plain SVG")
    for attr, value in node.attrib.items():
        attr_name = _local(attr)
        if attr_name.lower().startswith("on"):
            raise LogoError(f"{name} has a script attribute ({attr_name} on <{element}>); delete it")
        if attr_name == "href":
            _check_href(name, element, value)
        elif attr_name == "style" or "(" in value:  # presentation attributes take url() too
            _check_css(name, element, value)
    if element == "style":
        _check_css(name, element, "".join(node.itertext()))


def _check_svg(name: str, data: bytes) -> None:
    try:
        parsed = SafeET.iterparse(io.BytesIO(data), events=("pi",),
                                  forbid_dtd=True, forbid_entities=True, forbid_external=True)
        for _, instruction in parsed:
            raise LogoError(f"{name} has a processing instruction (<?{(instruction.text or '')[:40]}?>), "
                            "which can load a style sheet; delete it")
        root = parsed.root
    except DefusedXmlException as exc:
        kind = "a document type declaration (<!DOCTYPE …>)" if "DTD" in type(exc).__name__ else "an entity declaration"
        raise LogoError(f"{name} has {kind}, which can pull in other files; delete it") from None
    except SafeET.ParseError as exc:
        raise LogoError(f"{name} is not an SVG image (not valid XML: {exc})") from None
    if root.tag not in ("svg", f"{SVG_NS}svg"):
        raise LogoError(f"{name} is not an SVG image (its root element is <{_local(root.tag)}>, not <svg>)")
    for node in root.iter():
        if isinstance(node.tag, str):
            _check_element(name, node)
