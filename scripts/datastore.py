"""Load the YAML data in data/, validate it against its JSON Schema, and
report any problem with the file, line, entry and field it concerns.

Every page, PDF, card and slide reads contacts and resources through here,
so a bad entry stops every build the same way.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCHEMAS = DATA / "schema"


class DataError(Exception):
    """A data file that can't be used; the message names file, line and field."""

    def __init__(self, path: Path, line: int | None, where: str, problem: str):
        self.path, self.line, self.where, self.problem = path, line, where, problem
        try:
            shown = path.resolve().relative_to(ROOT)
        except ValueError:
            shown = path
        location = f"{shown}:{line}" if line else str(shown)
        super().__init__(f"{location}: {where}: {problem}" if where else f"{location}: {problem}")


class LineMap(dict):
    """A mapping that remembers the line of each key (1-based)."""

    lines: dict[str, int]
    start: int


class LineList(list):
    lines: list[int]
    start: int


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's, where PyYAML has it: every build reads the data) that keeps dates
    as text and records line numbers."""


# Dates stay strings so that the schema's "date" format checks them.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    out = LineMap()
    out.lines, out.start = {}, node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader, node, deep=False):
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.lines, out.start = [c.start_mark.line + 1 for c in node.value], node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "", "file not found") from None
    except IsADirectoryError:
        raise DataError(path, None, "", "is a folder, not a YAML file") from None
    except UnicodeDecodeError as exc:
        raise DataError(path, None, "", f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise DataError(path, None, "", f"cannot be read: {exc.strerror}") from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path, first_line: int = 1, where: str = "") -> Any:
    """YAML text from `path` (starting on its line `first_line`: a page's front matter), with line
    numbers kept and dates left as text; DataError naming the line when it is not YAML."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        raise DataError(path, line, where, f"not valid YAML: {exc.problem or exc}") from None


def line_of(data: Any, path: list) -> int | None:
    """The line of the deepest node on `path` that the YAML recorded."""
    line, node = getattr(data, "start", None), data
    for step in path:
        lines = getattr(node, "lines", None)
        try:
            if isinstance(lines, dict) and step in lines:
                line = lines[step]
            elif isinstance(lines, list) and isinstance(step, int) and step < len(lines):
                line = lines[step]
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return line


def entry_label(data: Any, path: list) -> str:
    """'entry "id"' for registry items, 'hotline' for contacts, plus the field."""
    parts = []
    if path and isinstance(path[0], int) and isinstance(data, list):
        item = data[path[0]] if path[0] < len(data) else None
        ident = item.get("id") if isinstance(item, dict) else None
        parts.append(f'entry "{ident}"' if ident else f"entry #{path[0] + 1}")
        rest = path[1:]
    else:
        rest = list(path)
    field = ".".join(str(p) for p in rest)
    if field:
        parts.append(f"field {field}")
    return ", ".join(parts)


def _schema(name: str | Path) -> dict:
    """A schema in data/schema by name, or any schema file by path (print/agency)."""
    schema_path = name if isinstance(name, Path) else SCHEMAS / f"{name}.schema.json"
    return json.loads(schema_path.read_text(encoding="utf-8"))


# How a schema's `format` keyword reads in an error: "'x' is not a web address".
FORMAT_NAMES = {"uri": "a web address (https://…, with no spaces, quotes or angle brackets)",
                "date": "a date written YYYY-MM-DD", "email": "an e-mail address"}


def _describe(error: jsonschema.ValidationError) -> tuple[list, str]:
    """The path and a plain sentence for a schema error."""
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return path + [missing], "missing required field"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        extra = [key for key in error.instance if key not in known]
        allowed = ", ".join(known)
        return path + extra[:1], f"unknown field (the fields here are: {allowed})" if allowed else "unknown field"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return path, f"{error.instance!r} is not one of: {allowed}"
    if error.validator == "pattern" and isinstance(error.instance, str):
        desc = error.schema.get("description", "")
        what = "a URL" if "http" in error.validator_value else desc or f"text matching {error.validator_value}"
        return path, f"{error.instance!r} is not {what}"
    if error.validator == "format":
        what = FORMAT_NAMES.get(error.validator_value, f"a valid {error.validator_value}")
        return path, f"{error.instance!r} is not {what}"
    if error.validator in ("maxLength", "minLength") and isinstance(error.instance, str):
        bound = "at most" if error.validator == "maxLength" else "at least"
        return path, f"{len(error.instance)} characters; {bound} {error.validator_value} are allowed"
    if error.validator == "dependentRequired":
        return path, error.message
    if error.validator == "anyOf":
        options = [s.get("required", []) for s in error.validator_value]
        if all(options):
            return path, "needs one of the fields: " + " or ".join(o[0] for o in options)
    return path, error.message


def validate(path: Path, data: Any, schema_name: str | Path) -> None:
    validator = jsonschema.Draft202012Validator(
        _schema(schema_name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        field_path, problem = _describe(errors[0])
        others = len({tuple(e.absolute_path) for e in errors}) - 1  # a bad field can break two rules
        extra = f" (and {others} more problem(s))" if others else ""
        raise DataError(path, line_of(data, field_path), entry_label(data, field_path), problem + extra)


@dataclass(frozen=True)
class Note:
    note: str
    resource: dict
    pages: str | None


def check_registry(path: Path, data: list) -> dict[str, Note]:
    """Checks the schema cannot express: unique ids, each note defined once."""
    seen: dict[str, int] = {}
    notes: dict[str, Note] = {}
    for i, entry in enumerate(data):
        if entry["id"] in seen:
            raise DataError(path, line_of(data, [i, "id"]), entry_label(data, [i, "id"]),
                            f'duplicate id, first used on line {seen[entry["id"]]}')
        seen[entry["id"]] = line_of(data, [i, "id"])
        for j, ref in enumerate(entry.get("notes", [])):
            if ref["note"] in notes:
                other = notes[ref["note"]].resource["id"]
                raise DataError(path, line_of(data, [i, "notes", j]), entry_label(data, [i, "notes", j]),
                                f'note {ref["note"]} is already defined by entry "{other}"')
            notes[ref["note"]] = Note(ref["note"], entry, ref.get("pages"))
    return notes


def load(name: str, path: Path | None = None) -> Any:
    """data/<name>.yml validated against data/schema/<basename>.schema.json.

    The registry ("resources") comes back as (entries, {note: Note}).
    """
    path = path or DATA / f"{name}.yml"
    data = read_yaml(path)
    validate(path, data, Path(name).name)
    if name == "resources":
        return data, check_registry(path, data)
    return data


def load_contacts(path: Path | None = None) -> dict:
    return load("contacts", path)


def load_resources(path: Path | None = None) -> tuple[list, dict[str, Note]]:
    return load("resources", path)


@lru_cache(maxsize=None)
def _cached(name: str, mtime: float, path: str):
    return load(name, Path(path))


def cached(name: str, path: Path | None = None):
    """Loads once per file version: `mkdocs serve` picks up edits without a restart. A build asks
    hundreds of times (every UI string, every note), so each ask is one stat() and no more."""
    path = path or DATA / f"{name}.yml"
    try:
        mtime = os.stat(path).st_mtime
    except (FileNotFoundError, NotADirectoryError):
        mtime = 0.0  # load() names the missing file
    return _cached(name, mtime, str(path))


def data_names() -> list[str]:
    """Every data file that has a schema: 'contacts', 'resources', 'field-guide/glossary', ..."""
    names = []
    for yml in sorted(DATA.rglob("*.yml")):
        name = yml.relative_to(DATA).with_suffix("").as_posix()
        if (SCHEMAS / f"{yml.stem}.schema.json").exists():
            names.append(name)
    return names


def digits(phone: str) -> str:
    """1-888-373-7888 -> +18883737888, for tel: links."""
    raw = "".join(c for c in phone if c.isdigit())
    return f"+{raw}" if len(raw) == 11 else raw
